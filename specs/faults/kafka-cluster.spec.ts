import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNativeKafka, type StartedKafka } from "../../harness/components/kafka/index.ts";
import { config } from "../../harness/config.ts";

const TOPIC = "cluster.pin";
let cluster: StartedKafka;

beforeAll(async () => {
  const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-cluster-"));
  cluster = await startNativeKafka({
    stackDir,
    logDir: join(stackDir, "logs"),
    cacheDir: config().cacheDir,
    brokers: 3,
    topics: [TOPIC],
    partitions: 3,
    heap: "256m",
    // A dead node is fenced after the broker session timeout (9 s by default); keep the spec short.
    overrides: { "broker.session.timeout.ms": "2000", "broker.heartbeat.interval.ms": "500" },
  });
}, 120_000);
afterAll(() => cluster?.stop());

describe("a three-node KRaft cluster", () => {
  it("replicates every partition three times and keeps serving when a node dies", async () => {
    const kafka = new Kafka({
      brokers: cluster.bootstrapServers.split(","),
      logLevel: logLevel.NOTHING,
      retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 5000 },
    });
    const admin = kafka.admin();
    await admin.connect();
    const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    expect(topic?.partitions).toHaveLength(3);
    for (const partition of topic?.partitions ?? []) expect(partition.replicas).toHaveLength(3);
    expect(cluster.brokers.map((b) => b.nodeId)).toEqual([1, 2, 3]);

    const producer = kafka.producer();
    await producer.connect();
    const send = (from: number): Promise<unknown> =>
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: Array.from({ length: 30 }, (_, i) => ({ key: String(from + i), value: String(from + i) })),
      });
    await send(0);
    await cluster.brokers[2]?.kill();
    await send(30);
    await producer.disconnect();

    const offsets = await admin.fetchTopicOffsets(TOPIC);
    const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    expect(total).toBe(60);
    await admin.disconnect();
  }, 90_000);
});
