import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNativeKafka, type StartedKafka } from "../../harness/components/kafka/index.ts";
import { config } from "../../harness/config.ts";
import { processesMentioning } from "../support/processes.ts";

// A broker of its own (not the shared stack's), so that killing it disturbs no other spec.
const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-restart-kafka-"));
const logFile = join(stackDir, "logs", "kafka.log");
const TOPIC = "restart.pin";
const GROUP = "restart-readers";
let broker: StartedKafka;

beforeAll(async () => {
  broker = await startNativeKafka({
    stackDir,
    logDir: join(stackDir, "logs"),
    cacheDir: config().cacheDir,
    topics: [TOPIC],
    heap: "256m",
    // After a crash the controller refuses the node's new registration until the old one's session has expired
    // (9 s by default, as on MSK); keep the spec short.
    overrides: { "broker.session.timeout.ms": "2000", "broker.heartbeat.interval.ms": "500" },
  });
}, 120_000);

afterAll(async () => {
  await broker?.stop();
  rmSync(stackDir, { recursive: true, force: true });
});

/** A client made for each step, with the address the handle gave at the first start. */
function client(): Kafka {
  return new Kafka({
    clientId: "restart-spec",
    brokers: broker.bootstrapServers.split(","),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

async function produce(values: string[]): Promise<void> {
  const producer = client().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: TOPIC, acks: -1, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

/** Reads `count` records as the group and commits them; returns their values. */
async function consume(count: number): Promise<string[]> {
  const consumer = client().consumer({ groupId: GROUP });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  const values: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${count} records`)), 30_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString() ?? "");
        if (values.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return values;
}

/** The topic's end offset and the group's committed offset, as an admin client sees them. */
async function offsets(): Promise<{ end: number; committed: number }> {
  const admin = client().admin();
  await admin.connect();
  try {
    const [partition] = await admin.fetchTopicOffsets(TOPIC);
    const [group] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    return { end: Number(partition?.high), committed: Number(group?.partitions[0]?.offset) };
  } finally {
    await admin.disconnect();
  }
}

const serverPids = (): number[] => processesMentioning(join(stackDir, "kafka"));
const shutdowns = (): number =>
  (readFileSync(logFile, "utf8").match(/Transition from SHUTTING_DOWN to SHUTDOWN/g) ?? []).length;

describe("kafka started again in place", () => {
  it("serves the same address after a kill, with its topic, records and committed offsets", async () => {
    await produce(["a", "b", "c"]);
    expect(await consume(3)).toEqual(["a", "b", "c"]);
    const [pid] = serverPids();
    expect(pid).toBeDefined();

    await broker.kill();
    expect(broker.running).toBe(false);
    expect(broker.brokers[0]?.running).toBe(false);
    // A crash: the JVM is gone and never logged its shutdown.
    expect(serverPids()).toEqual([]);
    expect(shutdowns()).toBe(0);

    await broker.start();
    expect(broker.running).toBe(true);
    expect(serverPids()).not.toContain(pid);
    expect(await offsets()).toEqual({ end: 3, committed: 3 });
    await produce(["d"]);
    // The group goes on from its committed offset.
    expect(await consume(1)).toEqual(["d"]);
  }, 90_000);

  it("brings one broker back after a graceful stop, and stop() works again after a start", async () => {
    const node = broker.brokers[0];
    await node?.stop();
    await node?.stop();
    expect(node?.running).toBe(false);
    expect(broker.running).toBe(false);
    expect(serverPids()).toEqual([]);
    expect(shutdowns()).toBe(1);

    // The cluster's start() starts the nodes that do not run.
    await broker.start();
    await broker.start();
    expect(node?.running).toBe(true);
    expect(await offsets()).toEqual({ end: 4, committed: 4 });
    await produce(["e"]);
    expect(await consume(1)).toEqual(["e"]);
    // The log of every run is kept, one after another.
    expect(readFileSync(logFile, "utf8").match(/Kafka Server started/g)?.length).toBe(3);
  }, 90_000);

  it("leaves no process behind once stopped", async () => {
    await broker.stop();
    expect(processesMentioning(stackDir)).toEqual([]);
  });
});
