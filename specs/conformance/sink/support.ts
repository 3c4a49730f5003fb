import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { inject, afterAll, beforeAll } from "vitest";
import { createS3Client } from "../../../harness/components/s3/index.ts";
import { startSink, type StartedSink } from "../../../harness/components/sink/index.ts";
import { createTopicsAndWait } from "../../../harness/runtime/kafka-admin.ts";

/** The Connect worker under test: pinpipe's own, or an external one named by PINPIPE_CONNECT_URL. */
export interface Target {
  url: string;
  external: boolean;
  sink: StartedSink | undefined;
  stop(): Promise<void>;
}

export const stack = inject("stack");
export const EXTERNAL_URL = process.env.PINPIPE_CONNECT_URL;

export async function startTarget(): Promise<Target> {
  if (EXTERNAL_URL)
    return { url: EXTERNAL_URL.replace(/\/$/, ""), external: true, sink: undefined, stop: async () => {} };
  const sink = await startSink(workerOptions());
  return { url: sink.url, external: false, sink, stop: () => sink.stop() };
}

export function workerOptions(): Parameters<typeof startSink>[0] {
  return {
    bootstrapServers: stack.kafka.bootstrapServers,
    s3: {
      endpoint: stack.s3.endpoint,
      region: stack.s3.region,
      accessKeyId: stack.s3.accessKeyId,
      secretAccessKey: stack.s3.secretAccessKey,
    },
    port: 0,
    offsetFlushIntervalMs: 2_000,
  };
}

/** A name unique to this run, safe for topics, buckets and connectors. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export const kafka = new Kafka({
  clientId: "sink-spec",
  brokers: stack.kafka.bootstrapServers.split(","),
  logLevel: logLevel.NOTHING,
});

let admin: Admin | undefined;
let producer: Producer | undefined;

export async function clients(): Promise<{ admin: Admin; producer: Producer; s3: S3Client }> {
  if (!admin) {
    admin = kafka.admin();
    await admin.connect();
  }
  if (!producer) {
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }
  return { admin, producer, s3: s3 };
}

export const s3 = createS3Client(stack.s3);

export async function closeClients(): Promise<void> {
  await producer?.disconnect();
  await admin?.disconnect();
  producer = undefined;
  admin = undefined;
}

export async function createBucket(name: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
}

export async function createTopic(topic: string, partitions = 1): Promise<void> {
  const { admin } = await clients();
  await createTopicsAndWait(admin, [{ topic, numPartitions: partitions, replicationFactor: 1 }]);
}

export interface Produced {
  value: string | Buffer | null;
  key?: string | null;
  timestamp?: number;
  partition?: number;
  headers?: Record<string, string>;
}

export async function produce(topic: string, records: Produced[]): Promise<void> {
  const { producer } = await clients();
  await producer.send({
    topic,
    acks: -1,
    messages: records.map((r) => ({
      partition: r.partition ?? 0,
      key: r.key ?? null,
      value: r.value,
      ...(r.timestamp === undefined ? {} : { timestamp: String(r.timestamp) }),
      ...(r.headers ? { headers: r.headers } : {}),
    })),
  });
}

/** Base settings of every case: the checklist defaults, plus the store and its credentials. */
export function baseConfig(bucket: string, topic: string): Record<string, string> {
  return {
    "connector.class": "io.confluent.connect.s3.S3SinkConnector",
    "tasks.max": "1",
    topics: topic,
    "s3.bucket.name": bucket,
    "s3.region": stack.s3.region,
    "store.url": stack.s3.endpoint,
    "aws.access.key.id": stack.s3.accessKeyId,
    "aws.secret.access.key": stack.s3.secretAccessKey,
    "s3.part.size": "5242880",
    "storage.class": "io.confluent.connect.s3.storage.S3Storage",
    "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
    "flush.size": "3",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
  };
}

export async function rest(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const res = await fetch(target.url + path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

export async function createConnector(target: Target, name: string, config: Record<string, string>): Promise<void> {
  const r = await rest(target, "POST", "/connectors", { name, config });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${r.text}`);
}

export async function deleteConnector(target: Target, name: string): Promise<void> {
  await rest(target, "DELETE", `/connectors/${name}`);
}

export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function listKeys(bucket: string, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of r.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = r.NextContinuationToken;
  } while (token);
  return keys.sort();
}

export async function getObject(bucket: string, key: string): Promise<Buffer> {
  const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (r.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

/** Waits until exactly the expected keys are listed (and stay so for a moment), then returns their bodies. */
export async function waitForObjects(bucket: string, expected: string[], prefix = ""): Promise<Map<string, Buffer>> {
  const want = [...expected].sort();
  await until(`objects ${want.join(", ")}`, async () => {
    const keys = await listKeys(bucket, prefix);
    return want.every((k) => keys.includes(k)) ? true : undefined;
  });
  const out = new Map<string, Buffer>();
  for (const k of want) out.set(k, await getObject(bucket, k));
  return out;
}

export async function committedOffset(group: string, topic: string, partition = 0): Promise<number> {
  const { admin } = await clients();
  const r = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return Number(r[0]?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
}

export async function taskState(target: Target, name: string): Promise<{ state: string; trace?: string } | undefined> {
  const r = await rest(target, "GET", `/connectors/${name}/status`);
  const s = r.body as { tasks?: { state: string; trace?: string }[] };
  return s.tasks?.[0];
}

/** One case: a fresh topic and connector on a shared bucket; returns its names. */
export async function runCase(
  target: Target,
  bucket: string,
  records: Produced[],
  overrides: Record<string, string | undefined> = {},
  partitions = 1,
): Promise<{ topic: string; name: string }> {
  const topic = unique("ev");
  const name = unique("s3");
  await createTopic(topic, partitions);
  await produce(topic, records);
  const config = { ...baseConfig(bucket, topic) };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete config[k];
    else config[k] = v;
  }
  await createConnector(target, name, config);
  return { topic, name };
}

/**
 * The setup every case file shares: a worker (or the external one), a bucket of its own, and the connectors the
 * file created deleted again afterwards. `target` is there from `beforeAll` on.
 */
export function useSinkSpec(prefix: string): { readonly target: Target; bucket: string; names: string[] } {
  let target: Target | undefined;
  const spec = {
    get target(): Target {
      if (!target) throw new Error("the sink target starts in beforeAll");
      return target;
    },
    bucket: unique(prefix),
    names: [] as string[],
  };
  beforeAll(async () => {
    target = await startTarget();
    await createBucket(spec.bucket);
  });
  afterAll(async () => {
    for (const n of spec.names) await deleteConnector(spec.target, n);
    await target?.stop();
    await closeClients();
  });
  return spec;
}
