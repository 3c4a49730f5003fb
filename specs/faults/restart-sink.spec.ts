import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createS3Client } from "../../harness/components/s3/index.ts";
import { READY_LINE, startSink, type StartedSink } from "../../harness/components/sink/index.ts";
import { ErrorCode } from "../../harness/errors.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { createTopicsAndWait } from "../../harness/runtime/kafka-admin.ts";

// A worker of its own on the shared stack's Kafka and S3, so that killing it disturbs no other spec.
const stack = inject("stack");
const dir = mkdtempSync(join(tmpdir(), "pinpipe-restart-sink-"));
const logFile = join(dir, "sink.log");
const suffix = randomBytes(4).toString("hex");
const TOPIC = `restart-sink-${suffix}`;
const BUCKET = `restart-sink-${suffix}`;
const CONNECTOR = `restart-s3-${suffix}`;
const s3 = createS3Client(stack.s3);
const kafka = new Kafka({ brokers: stack.kafka.bootstrapServers.split(","), logLevel: logLevel.NOTHING });
let admin: Admin;
let producer: Producer;
let sink: StartedSink;

beforeAll(async () => {
  admin = kafka.admin();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopicsAndWait(admin, [{ topic: TOPIC, numPartitions: 1 }]);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  sink = await startSink({
    bootstrapServers: stack.kafka.bootstrapServers,
    s3: {
      endpoint: stack.s3.endpoint,
      region: stack.s3.region,
      accessKeyId: stack.s3.accessKeyId,
      secretAccessKey: stack.s3.secretAccessKey,
    },
    port: 0,
    logFile,
    offsetFlushIntervalMs: 2_000,
  });
});

afterAll(async () => {
  await sink?.stop();
  await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  s3.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const connectorConfig = {
  "connector.class": "io.confluent.connect.s3.S3SinkConnector",
  "tasks.max": "1",
  topics: TOPIC,
  "s3.bucket.name": BUCKET,
  "s3.region": stack.s3.region,
  "storage.class": "io.confluent.connect.s3.storage.S3Storage",
  "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
  "flush.size": "3",
  "key.converter": "org.apache.kafka.connect.storage.StringConverter",
  "value.converter": "org.apache.kafka.connect.json.JsonConverter",
  "value.converter.schemas.enable": "false",
};

async function produce(from: number): Promise<void> {
  const messages = [0, 1, 2].map((i) => ({ value: JSON.stringify({ n: from + i }) }));
  await producer.send({ topic: TOPIC, acks: -1, messages });
}

const objectKey = (offset: number): string =>
  `topics/${TOPIC}/partition=0/${TOPIC}+0+${String(offset).padStart(10, "0")}.json`;

async function keys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `topics/${TOPIC}/` }));
  return (listed.Contents ?? []).map((o) => o.Key as string).sort();
}

async function waitForKeys(expected: string[]): Promise<void> {
  await pollUntil(async () => ((await keys()).length >= expected.length ? true : undefined), {
    name: `objects ${expected.join(", ")}`,
    // After a kill the dead worker's members hold the group until their session ends (10 s).
    timeoutMs: 60_000,
    intervalMs: 250,
  });
  expect(await keys()).toEqual(expected);
}

async function connectors(url: string): Promise<unknown> {
  return (await fetch(`${url}/connectors`)).json();
}

describe("the sink started again in place", () => {
  it("after a kill, serves the same URL and runs its connector again from the committed offsets", async () => {
    const url = sink.url;
    await sink.createConnector(CONNECTOR, connectorConfig);
    await produce(0);
    await waitForKeys([objectKey(0)]);
    const first = await (
      await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey(0) }))
    ).Body?.transformToString();

    await sink.kill();
    expect(sink.running).toBe(false);
    await expect(fetch(`${url}/connectors`)).rejects.toThrow();
    await expect(sink.createConnector(`${CONNECTOR}-late`, connectorConfig)).rejects.toMatchObject({
      code: ErrorCode.ProcessExited,
    });
    await produce(3);

    await sink.start();
    expect(sink.running).toBe(true);
    expect(sink.url).toBe(url);
    expect(await connectors(url)).toEqual([CONNECTOR]);
    // Nothing read twice, nothing lost: the object before the crash stays as it was, the next one follows it.
    await waitForKeys([objectKey(0), objectKey(3)]);
    const again = await (
      await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey(0) }))
    ).Body?.transformToString();
    expect(again).toBe(first);
  }, 90_000);

  it("comes back after a graceful stop too, logging to the same file", async () => {
    await sink.stop();
    await sink.stop();
    await expect(fetch(`${sink.url}/connectors`)).rejects.toThrow();
    await sink.start();
    await sink.start();
    expect(await connectors(sink.url)).toEqual([CONNECTOR]);
    await produce(6);
    await waitForKeys([objectKey(0), objectKey(3), objectKey(6)]);
    expect(readFileSync(logFile, "utf8").split(READY_LINE).length - 1).toBe(3);
  }, 90_000);
});
