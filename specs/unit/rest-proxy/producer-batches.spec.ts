import type { Kafka, Producer, ProducerBatch, RecordMetadata } from "kafkajs";
import { KafkaJSProtocolError } from "kafkajs";
import { describe, expect, it } from "vitest";
import type { Logger } from "../../../harness/components/rest-proxy/log.ts";
import { RestProducer } from "../../../harness/components/rest-proxy/producer.ts";
import {
  MetadataTimeout,
  type TopicInfo,
  type TopicMetadataCache,
} from "../../../harness/components/rest-proxy/topic-metadata.ts";

function topicInfo(name: string): TopicInfo {
  return {
    name,
    partitions: [{ partitionId: 0, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] }],
    available: [0],
  };
}

/** A broker that refuses every batch for `refusedTopic` for good, and stores the others. */
function kafkaRefusing(refusedTopic: string, firstOffset = 0): { kafka: Kafka; calls: string[][] } {
  const calls: string[][] = [];
  const offsets = new Map<string, number>();
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
      const topics = (batch.topicMessages ?? []).map((t) => t.topic);
      calls.push(topics);
      if (topics.includes(refusedTopic)) {
        const error = new KafkaJSProtocolError("Topic authorization failed");
        throw Object.assign(error, { type: "TOPIC_AUTHORIZATION_FAILED", retriable: false });
      }
      return (batch.topicMessages ?? []).map((t) => {
        const base = offsets.get(t.topic) ?? firstOffset;
        offsets.set(t.topic, base + t.messages.length);
        return { topicName: t.topic, partition: 0, errorCode: 0, baseOffset: String(base) };
      });
    },
  } as unknown as Producer;
  return { kafka: { producer: () => producer } as unknown as Kafka, calls };
}

const metadata = {
  await: async (topic: string) => {
    if (topic === "missing") throw new MetadataTimeout("Topic missing not present in metadata after 60000 ms.");
    return topicInfo(topic);
  },
  known: (topic: string) => (topic === "missing" ? undefined : topicInfo(topic)),
  lookup: async (topic: string) => topicInfo(topic),
  invalidate: () => undefined,
} as unknown as TopicMetadataCache;
const logger: Logger = { log: () => undefined, close: async () => undefined };
const record = (value: string) => ({ key: null, value: Buffer.from(value), partition: undefined });

describe("the REST proxy's producer, batch by partition", () => {
  it("fails only the records of the partition the broker refuses, not those of requests sent beside them", async () => {
    const { kafka, calls } = kafkaRefusing("refused.pin");
    const producer = new RestProducer(kafka, metadata, 1_048_576, logger);
    const [good, bad] = await Promise.all([
      producer.produce("u.pin", [record('{"a":1}'), record('{"a":2}')]),
      producer.produce("refused.pin", [record('{"b":1}')]),
    ]);
    expect(good).toEqual([
      expect.objectContaining({ ok: true, offset: "0" }),
      expect.objectContaining({ ok: true, offset: "1" }),
    ]);
    expect(bad).toEqual([expect.objectContaining({ ok: false })]);
    // Gathered in one drain, sent as one batch per partition.
    expect(calls.map((c) => c.join())).toEqual(expect.arrayContaining(["u.pin", "refused.pin"]));
  });

  it("waits for the topic's metadata before it checks the record's size, as KafkaProducer.doSend does", async () => {
    const { kafka } = kafkaRefusing("none");
    const producer = new RestProducer(kafka, metadata, 100, logger);
    const [missing] = await producer.produce("missing", [record("x".repeat(500))]);
    expect(missing).toMatchObject({ ok: false, code: 50003 });
    const [tooLarge] = await producer.produce("u.pin", [record("x".repeat(500))]);
    expect(tooLarge).toMatchObject({ ok: false, code: 50002 });
  });
});

describe("the REST proxy's producer, one metadata wait per record", () => {
  it("waits for each record in turn, as KafkaProducer.send does once per record", async () => {
    const { kafka } = kafkaRefusing("none");
    const waits: string[] = [];
    let open = 0;
    const slow = {
      ...metadata,
      known: () => undefined,
      await: async (topic: string) => {
        open += 1;
        waits.push(`start ${topic} (open ${open})`);
        await new Promise((resolve) => setImmediate(resolve));
        open -= 1;
        throw new MetadataTimeout(`Topic ${topic} not present in metadata after 60000 ms.`);
      },
    } as unknown as TopicMetadataCache;
    const producer = new RestProducer(kafka, slow, 1_048_576, logger);
    const results = await producer.produce("missing", [record("1"), record("2"), record("3")]);
    expect(waits).toEqual(["start missing (open 1)", "start missing (open 1)", "start missing (open 1)"]);
    expect(results.map((r) => (r.ok ? "ok" : r.code))).toEqual([50003, 50003, 50003]);
  });

  it("sends the records of a request with known metadata in one batch", async () => {
    const { kafka, calls } = kafkaRefusing("none");
    const producer = new RestProducer(kafka, metadata, 1_048_576, logger);
    const results = await producer.produce("u.pin", [record("1"), record("2"), record("3")]);
    expect(results.map((r) => (r.ok ? r.offset : r.code))).toEqual(["0", "1", "2"]);
    expect(calls).toEqual([["u.pin"]]);
  });

  it("counts offsets past 2^53 exactly, as the broker's 64-bit offsets go", async () => {
    // The third is 2^53 + 1, the first integer a double cannot hold.
    const { kafka } = kafkaRefusing("none", Number.MAX_SAFE_INTEGER);
    const producer = new RestProducer(kafka, metadata, 1_048_576, logger);
    const results = await producer.produce("u.pin", [record("1"), record("2"), record("3")]);
    expect(results.map((r) => (r.ok ? r.offset : r.code))).toEqual([
      "9007199254740991",
      "9007199254740992",
      "9007199254740993",
    ]);
  });
});
