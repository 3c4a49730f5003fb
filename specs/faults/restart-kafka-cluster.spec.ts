import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNativeKafka, type StartedKafka } from "../../harness/components/kafka/index.ts";
import { config } from "../../harness/config.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { processesMentioning } from "../support/processes.ts";

const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-restart-cluster-"));
const TOPIC = "restart-cluster.pin";
let cluster: StartedKafka;

beforeAll(async () => {
  cluster = await startNativeKafka({
    stackDir,
    logDir: join(stackDir, "logs"),
    cacheDir: config().cacheDir,
    brokers: 3,
    topics: [TOPIC],
    heap: "256m",
    // A dead node is fenced, and a crashed one may register again, once its session ends; keep the spec short.
    overrides: { "broker.session.timeout.ms": "2000", "broker.heartbeat.interval.ms": "500" },
  });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(stackDir, { recursive: true, force: true });
});

function client(): Kafka {
  return new Kafka({
    clientId: "restart-cluster-spec",
    brokers: cluster.bootstrapServers.split(","),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 300 },
  });
}

async function produce(from: number, count: number): Promise<void> {
  const producer = client().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const messages = Array.from({ length: count }, (_, i) => ({ value: String(from + i) }));
  await producer.send({ topic: TOPIC, acks: -1, messages });
  await producer.disconnect();
}

async function stored(): Promise<{ end: number; replicas: number[]; isr: number[] }> {
  const admin = client().admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchTopicOffsets(TOPIC);
    const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    const partition = topic?.partitions[0];
    return {
      end: Number(offsets?.high),
      replicas: [...(partition?.replicas ?? [])].sort(),
      isr: [...(partition?.isr ?? [])].sort(),
    };
  } finally {
    await admin.disconnect();
  }
}

const nodePids = (id: number): number[] => processesMentioning(join(stackDir, "kafka", `node-${id}`));

describe("a three-node cluster started again in place", () => {
  it("takes a killed broker back on its port, and the whole cluster after a kill of every node", async () => {
    await produce(0, 10);
    const third = cluster.brokers[2];
    await third?.kill();
    expect(nodePids(3)).toEqual([]);
    expect(third?.running).toBe(false);
    expect(cluster.running).toBe(false);
    await produce(10, 10);
    await third?.start();
    expect(cluster.running).toBe(true);
    expect(nodePids(3)).toHaveLength(1);
    // Back on its port with its log directory, it catches up on what it missed and is in sync again.
    await pollUntil(async () => ((await stored()).isr.length === 3 ? true : undefined), {
      name: "the restarted broker to be back in sync",
      timeoutMs: 30_000,
      intervalMs: 250,
    });

    await cluster.kill();
    expect([1, 2, 3].flatMap(nodePids)).toEqual([]);
    // Every node at once: none of them can be ready before a majority of the quorum is back.
    await cluster.start();
    expect(cluster.brokers.every((b) => b.running)).toBe(true);
    const after = await stored();
    expect(after.end).toBe(20);
    expect(after.replicas).toEqual([1, 2, 3]);
    await produce(20, 5);
    expect((await stored()).end).toBe(25);
  }, 120_000);

  it("leaves no process behind once stopped", async () => {
    await cluster.stop();
    expect(processesMentioning(stackDir)).toEqual([]);
  });
});
