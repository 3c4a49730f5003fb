import type { Kafka, Producer, ProducerBatch, RecordMetadata } from "kafkajs";
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from "kafkajs";
import { describe, expect, it } from "vitest";
import type { Logger } from "../../../harness/components/rest-proxy/log.ts";
import { RestProducer, type RecordResult } from "../../../harness/components/rest-proxy/producer.ts";
import type { TopicInfo, TopicMetadataCache } from "../../../harness/components/rest-proxy/topic-metadata.ts";

const TOPIC = "u.pin";
const info: TopicInfo = {
  name: TOPIC,
  partitions: [{ partitionId: 0, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] }],
  available: [0],
};

/** The broker as kafkajs reports it: each call to sendBatch takes the next outcome. */
function kafkaAnswering(outcomes: Array<Error | "ok">): { kafka: Kafka; sends: number[] } {
  const sends: number[] = [];
  let offset = 0;
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
      sends.push(Date.now());
      const outcome = outcomes.shift() ?? "ok";
      if (outcome !== "ok") throw outcome;
      const count = batch.topicMessages?.[0]?.messages.length ?? 0;
      const base = offset;
      offset += count;
      return [{ topicName: TOPIC, partition: 0, errorCode: 0, baseOffset: String(base) }];
    },
  } as unknown as Producer;
  return { kafka: { producer: () => producer } as unknown as Kafka, sends };
}

const metadata = {
  await: async () => info,
  known: () => info,
  lookup: async () => info,
  invalidate: () => undefined,
} as unknown as TopicMetadataCache;
const logger: Logger = { log: () => undefined, close: async () => undefined };

const record = { key: null, value: Buffer.from('{"a":1}'), partition: 0 };

/** What kafkajs throws once its own retries of a produce to a broker that went away are used up. */
function brokerGone(): Error {
  const cause = new KafkaJSConnectionError("Connection error: write ECONNRESET");
  return new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 4000 });
}

describe("the REST proxy's producer, when a broker goes away", () => {
  it("sends the batch again after retry.backoff.ms until it is stored, as retries=MAX_INT does", async () => {
    const { kafka, sends } = kafkaAnswering([brokerGone(), brokerGone(), "ok"]);
    const producer = new RestProducer(kafka, metadata, 1_048_576, logger, {
      deliveryTimeoutMs: 10_000,
      retryBackoffMs: 50,
    });
    const [result] = await producer.produce(TOPIC, [record]);
    expect(result).toMatchObject({ ok: true, partition: 0, offset: "0" });
    expect(sends).toHaveLength(3);
    expect((sends[1] as number) - (sends[0] as number)).toBeGreaterThanOrEqual(45);
  });

  it("gives up at delivery.timeout.ms with the Java producer's expiry (50003)", async () => {
    const { kafka, sends } = kafkaAnswering(Array.from({ length: 100 }, brokerGone));
    const producer = new RestProducer(kafka, metadata, 1_048_576, logger, {
      deliveryTimeoutMs: 300,
      retryBackoffMs: 50,
    });
    const [result] = (await producer.produce(TOPIC, [record])) as [RecordResult];
    expect(result).toMatchObject({ ok: false, code: 50003, status: 200 });
    expect(result.ok ? "" : result.message).toMatch(
      /^Expiring 1 record\(s\) for u\.pin-0:\d+ ms has passed since batch creation$/,
    );
    expect(sends.length).toBeGreaterThan(2);
  });

  it("does not retry what the broker refuses for good", async () => {
    const refused = new KafkaJSProtocolError(
      "The request included message batch larger than the configured segment size",
    );
    Object.assign(refused, { type: "RECORD_LIST_TOO_LARGE", retriable: false });
    const { kafka, sends } = kafkaAnswering([refused]);
    const producer = new RestProducer(kafka, metadata, 1_048_576, logger, {
      deliveryTimeoutMs: 10_000,
      retryBackoffMs: 50,
    });
    const [result] = await producer.produce(TOPIC, [record]);
    expect(result).toMatchObject({ ok: false, code: 50002 });
    expect(sends).toHaveLength(1);
  });
});
