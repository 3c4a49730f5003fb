import { Kafka, logLevel, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");
const kafka = new Kafka({
  clientId: "pinpipe-e2e",
  brokers: stack.kafka.bootstrapServers.split(","),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
const producer = kafka.producer({ allowAutoTopicCreation: false });

beforeAll(async () => {
  await Promise.all([admin.connect(), producer.connect()]);
});
afterAll(async () => {
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

/** Reads the topic from the start and keeps the values that carry `marker`: other specs share these topics. */
async function consumeMarked(topic: string, marker: string, count: number): Promise<string[]> {
  const consumer: Consumer = kafka.consumer({ groupId: `e2e-${topic}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${values.length} of ${count} records`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const value = message.value?.toString("utf8") ?? "";
          if (value.includes(marker)) values.push(value);
          if (values.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return values;
  } finally {
    await consumer.disconnect();
  }
}

describe("kafka", () => {
  it("has the three topics of the user, with one partition each", async () => {
    expect(stack.topics).toEqual([`${stack.userId}.pin`, `${stack.userId}.geo`, `${stack.userId}.user`]);
    const metadata = await admin.fetchTopicMetadata({ topics: stack.topics });
    for (const topic of metadata.topics) expect(topic.partitions).toHaveLength(1);
  });

  it.each(["pin", "geo", "user"])("carries records through the %s topic in order", async (suffix) => {
    const topic = `${stack.userId}.${suffix}`;
    const marker = `e2e-${Date.now()}`;
    const sent = Array.from({ length: 5 }, (_, i) => JSON.stringify({ index: i, topic, marker, note: "ünïcode ✓" }));
    const acks = await producer.send({ topic, acks: -1, messages: sent.map((value) => ({ value })) });
    expect(acks[0]?.errorCode).toBe(0);
    expect(await consumeMarked(topic, marker, sent.length)).toEqual(sent);
  });

  it("does not create topics on first use, as on MSK", async () => {
    const missing = `${stack.userId}.typo-${Date.now()}`;
    // Few retries: the answer is the same on the first try, and kafkajs would otherwise retry for seconds.
    const impatient = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1, initialRetryTime: 50 } });
    await impatient.connect();
    await expect(impatient.send({ topic: missing, messages: [{ value: "x" }] })).rejects.toThrow(
      /does not host this topic-partition|not present in metadata|UNKNOWN_TOPIC/i,
    );
    await impatient.disconnect();
    expect(await admin.listTopics()).not.toContain(missing);
  });
});
