import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { startRestProxy, type StartedRestProxy } from "../../../harness/components/rest-proxy/index.ts";
import { createTopicsAndWait } from "../../../harness/runtime/kafka-admin.ts";

/**
 * The proxy under test: pinpipe's own, started per spec file, or an external one (Confluent's image) named
 * by PINPIPE_REST_PROXY_URL, so the same suite holds both to the same facts.
 */
export interface ProxyTarget {
  url: string;
  external: boolean;
  admin: Admin;
  kafka: Kafka;
  stop(): Promise<void>;
}

export async function startTarget(
  bootstrapServers: string,
  properties: Record<string, string> = {},
): Promise<ProxyTarget> {
  const kafka = new Kafka({ brokers: [bootstrapServers], logLevel: logLevel.NOTHING, clientId: "conformance" });
  const admin = kafka.admin();
  await admin.connect();
  const external = process.env.PINPIPE_REST_PROXY_URL;
  let proxy: StartedRestProxy | undefined;
  if (!external) {
    proxy = await startRestProxy({
      bootstrapServers,
      port: 0,
      // Upstream's own tests shorten the metadata wait the same way.
      properties: { "producer.max.block.ms": "5000", ...properties },
      ...(process.env.RP_DEBUG_LOG ? { logFile: process.env.RP_DEBUG_LOG } : {}),
    });
  }
  return {
    url: external ?? proxy!.url,
    external: external !== undefined,
    admin,
    kafka,
    async stop() {
      await proxy?.stop();
      await admin.disconnect();
    },
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createTopic(admin: Admin, partitions: number, prefix = "rp"): Promise<string> {
  const topic = uniqueName(prefix);
  await createTopicsAndWait(admin, [{ topic, numPartitions: partitions, replicationFactor: 1 }]);
  return topic;
}

export const V2 = "application/vnd.kafka.v2+json";
export const JSON_V2 = "application/vnd.kafka.json.v2+json";
export const BINARY_V2 = "application/vnd.kafka.binary.v2+json";
export const AVRO_V2 = "application/vnd.kafka.avro.v2+json";

export interface Answer {
  status: number;
  type: string | null;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  ms: number;
}

/** One HTTP call through node:http, which (unlike fetch) allows the body a GET .../offsets needs. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { type?: string; accept?: string; body?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.type) headers["content-type"] = options.type;
  if (options.accept) headers.accept = options.accept;
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  const started = Date.now();
  const { status, type, text } = await new Promise<{ status: number; type: string | null; text: string }>(
    (resolve, reject) => {
      const req = request(base + path, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers["content-type"] ?? null,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(options.body);
    },
  );
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, type, text, json, ms: Date.now() - started };
}

/** Reads every record of a topic back through kafkajs (not through the proxy under test). */
export async function readBack(
  kafka: Kafka,
  topic: string,
  count: number,
): Promise<Array<{ partition: number; offset: string; key: Buffer | null; value: Buffer | null }>> {
  const consumer = kafka.consumer({ groupId: uniqueName("readback") });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const out: Array<{ partition: number; offset: string; key: Buffer | null; value: Buffer | null }> = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${out.length} of ${count} records from ${topic}`)), 30_000);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        out.push({ partition, offset: message.offset, key: message.key, value: message.value });
        if (out.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return out.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}
