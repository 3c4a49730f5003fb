import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { Kafka, logLevel, type Consumer, type ConsumerConfig } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createS3Client } from "../../harness/runtime/s3-client.ts";
import { silentSinkLogger } from "../../harness/components/sink/log.ts";
import { resolveTaskSettings } from "../../harness/components/sink/sink-settings.ts";
import { SinkTask } from "../../harness/components/sink/task.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { createTopicsAndWait } from "../../harness/runtime/kafka-admin.ts";

const stack = inject("stack");
const kafka = new Kafka({
  clientId: "pinpipe-e2e-rejoin",
  brokers: stack.kafka.bootstrapServers.split(","),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
const producer = kafka.producer({ allowAutoTopicCreation: false });
const s3 = createS3Client(stack.s3);

beforeAll(async () => {
  await Promise.all([admin.connect(), producer.connect()]);
});
afterAll(async () => {
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  s3.destroy();
});

type CrashListener = (event: { payload: { error: Error; groupId: string; restart: boolean } }) => void;

/** The stack's Kafka, except that the task's consumer hands its crash listener to the spec. */
function kafkaWithCrashHandle(): { kafka: Kafka; consumer(): Consumer; crash(): CrashListener } {
  let consumer: Consumer | undefined;
  let crash: CrashListener | undefined;
  const wrapped = Object.create(kafka) as Kafka;
  wrapped.consumer = (config: ConsumerConfig): Consumer => {
    const real = kafka.consumer(config);
    consumer = real;
    const on = real.on.bind(real) as (event: string, listener: CrashListener) => () => void;
    (real as { on: unknown }).on = (event: string, listener: CrashListener) => {
      if (event === real.events.CRASH) crash = listener;
      return on(event, listener);
    };
    return real;
  };
  return {
    kafka: wrapped,
    consumer: () => consumer as Consumer,
    crash: () => crash as CrashListener,
  };
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack.s3.bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key as string).sort();
}

describe("a sink task whose Kafka client stops on a defect of its own", () => {
  it("joins its group again and goes on writing, instead of failing as the Java consumer never would", async () => {
    const topic = `rejoin-${Date.now()}`;
    await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
    const handle = kafkaWithCrashHandle();
    const settings = resolveTaskSettings(
      {
        "connector.class": "io.confluent.connect.s3.S3SinkConnector",
        name: topic,
        topics: topic,
        "s3.bucket.name": stack.s3.bucket,
        "flush.size": "1",
        "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
        "storage.class": "io.confluent.connect.s3.storage.S3Storage",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
      },
      { s3: stack.s3, converters: {} },
    );
    const failures: string[] = [];
    const task = new SinkTask(
      topic,
      0,
      settings,
      {
        kafka: handle.kafka,
        logger: silentSinkLogger,
        idlePutIntervalMs: 60_000,
        metadataMaxAgeMs: 300_000,
        listTopics: () => admin.listTopics(),
      },
      (t) => failures.push(t.trace ?? ""),
    );
    const prefix = `topics/${topic}/partition=0/`;
    try {
      await task.start(false);
      await producer.send({ topic, messages: [{ value: '{"n":0}' }] });
      await pollUntil(async () => ((await keysUnder(prefix)).length === 1 ? true : undefined), {
        name: "the first object",
        timeoutMs: 30_000,
        intervalMs: 100,
      });

      // What kafkajs does on a TypeError in its rebalance bookkeeping: it disconnects, then reports a crash that
      // it will not restart from.
      await handle.consumer().disconnect();
      const cause = new TypeError("Cannot read properties of undefined (reading '0')");
      const error = Object.assign(new Error(cause.message, { cause }), { name: "KafkaJSNonRetriableError" });
      handle.crash()({ payload: { error, groupId: `connect-${topic}`, restart: false } });

      await producer.send({ topic, messages: [{ value: '{"n":1}' }] });
      await pollUntil(async () => ((await keysUnder(prefix)).length === 2 ? true : undefined), {
        name: "the object written after the rejoin",
        timeoutMs: 30_000,
        intervalMs: 200,
      });
      expect(task.state).toBe("RUNNING");
      expect(failures).toEqual([]);
      expect(await keysUnder(prefix)).toEqual([
        `${prefix}${topic}+0+0000000000.json`,
        `${prefix}${topic}+0+0000000001.json`,
      ]);
    } finally {
      await task.stop();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    }
  });
});
