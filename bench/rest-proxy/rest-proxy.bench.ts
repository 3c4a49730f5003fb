// Throughput of pinpipe's REST proxy against a kafkajs producer writing the same records straight to the broker, in
// one run: single-record requests/s and records/s with 100-record batches. Target (issue 15): batched records/s at
// least 0.8 of the direct producer's.
//
// The REST proxy runs in a process of its own, as it does for a user (the emulator is another process), and this
// process only makes the load, with the benches' lean client (bench/lib/raw-load.ts). Only a broker runs beside
// them. The phases run in rounds and the round with the median batched ratio is reported: on two shared cores one
// round's ratio varied by 0.15 from the next.
//
// Run: npx tsx bench/rest-proxy/rest-proxy.bench.ts [--bootstrap host:port] [--seconds 3] [--rounds 3]
// --bootstrap uses a broker that is already running instead of starting one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import type { StartedKafka } from "../../harness/components/kafka/index.ts";
import { startNativeKafka } from "../../harness/components/kafka/index.ts";
import { config } from "../../harness/config.ts";
import { createTopicsAndWait } from "../../harness/runtime/kafka-admin.ts";
import { cpuSeconds, startChild, stopChildren } from "../lib/children.ts";
import { runLoad } from "../lib/raw-load.ts";

const { values } = parseArgs({
  options: {
    bootstrap: { type: "string" },
    seconds: { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
  },
});
// Bounded: a few seconds per phase and a few rounds, whatever is asked.
const seconds = Math.min(Math.max(Number(values.seconds), 1), 30);
const rounds = Math.min(Math.max(Number(values.rounds), 1), 7);
const SINGLE_CONNECTIONS = 32;
const BATCH_CONNECTIONS = 8;
const BATCH = 100;
const TARGET_BATCHED_RATIO = 0.8;
const TARGET_SINGLE_RPS = 2000;

const value = { id: 1, title: "a pin", description: "x".repeat(200) };
const one = JSON.stringify({ records: [{ value }] });
const hundred = JSON.stringify({ records: Array.from({ length: BATCH }, () => ({ value })) });
const bytes = Buffer.from(JSON.stringify(value));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopChildren();
    process.exit(130);
  });
}

async function startBroker(): Promise<{ bootstrap: string; kafka?: StartedKafka; dir?: string }> {
  if (values.bootstrap !== undefined) return { bootstrap: values.bootstrap };
  const dir = mkdtempSync(join(tmpdir(), "pinpipe-rest-proxy-bench-"));
  const kafka = await startNativeKafka({ stackDir: dir, logDir: join(dir, "logs"), cacheDir: config().cacheDir });
  return { bootstrap: kafka.bootstrapServers, kafka, dir };
}

/** Records/s over one phase of `fn` run back to back on `width` lanes. */
async function loop(width: number, fn: () => Promise<void>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (performance.now() < end) {
        await fn();
        count += 1;
      }
    }),
  );
  return count / seconds;
}

interface ProxyPhase {
  perSecond: number;
  errors: number;
  /** The REST proxy process's CPU µs per request. */
  cpuUsPerRequest: number | undefined;
}

const broker = await startBroker();
const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const topic = `bench-${Date.now()}`;
try {
  await admin.connect();
  await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
  const proxy = await startChild(new URL("../lib/serve-rest-proxy.ts", import.meta.url), [broker.bootstrap]);
  await producer.connect();

  const post = async (body: string, width: number): Promise<ProxyPhase> => {
    const target = {
      base: proxy.info.url,
      path: `/topics/${topic}`,
      contentType: "application/vnd.kafka.json.v2+json",
    };
    const before = cpuSeconds(proxy.child.pid);
    const result = await runLoad({ ...target, body }, width, seconds * 1000);
    const after = cpuSeconds(proxy.child.pid);
    const cpu = before === undefined || after === undefined || result.requests === 0 ? undefined : after - before;
    return {
      perSecond: result.rps,
      errors: result.errors,
      cpuUsPerRequest: cpu === undefined ? undefined : Math.round((cpu * 1e6) / result.requests),
    };
  };
  // Warm both paths (JIT, connections, the producers' metadata) before anything is measured.
  await post(one, 4);
  await post(hundred, 2);
  await producer.send({ topic, acks: -1, messages: [{ value: bytes }] });

  interface Round {
    proxySingle: ProxyPhase;
    directSingle: number;
    proxyBatch: ProxyPhase;
    directBatch: number;
  }
  const measured: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const proxySingle = await post(one, SINGLE_CONNECTIONS);
    const directSingle = await loop(SINGLE_CONNECTIONS, async () => {
      await producer.send({ topic, acks: -1, messages: [{ value: bytes }] });
    });
    const proxyBatch = await post(hundred, BATCH_CONNECTIONS);
    const directBatch =
      (await loop(BATCH_CONNECTIONS, async () => {
        await producer.send({ topic, acks: -1, messages: Array.from({ length: BATCH }, () => ({ value: bytes })) });
      })) * BATCH;
    measured.push({ proxySingle, directSingle, proxyBatch, directBatch });
  }
  const ratioOf = (round: Round): number => (round.proxyBatch.perSecond * BATCH) / round.directBatch;
  const byRatio = [...measured].sort((a, b) => ratioOf(a) - ratioOf(b));
  const median = byRatio[Math.floor(byRatio.length / 2)]!;
  const errors = measured.reduce((sum, round) => sum + round.proxySingle.errors + round.proxyBatch.errors, 0);

  const result = {
    seconds,
    rounds: measured.map((round) => Number(ratioOf(round).toFixed(2))),
    single: {
      proxyRequestsPerSec: median.proxySingle.perSecond,
      proxyCpuUsPerRequest: median.proxySingle.cpuUsPerRequest,
      directSendsPerSec: Math.round(median.directSingle),
      ratio: Number((median.proxySingle.perSecond / median.directSingle).toFixed(2)),
    },
    batched: {
      proxyRecordsPerSec: median.proxyBatch.perSecond * BATCH,
      proxyCpuUsPerRecord:
        median.proxyBatch.cpuUsPerRequest === undefined ? undefined : median.proxyBatch.cpuUsPerRequest / BATCH,
      directRecordsPerSec: Math.round(median.directBatch),
      ratio: Number(ratioOf(median).toFixed(2)),
    },
    // Requests that were not answered 200 with an offset for every record: any at all misses the targets.
    errors,
    // Issue 15's target for the batched ratio; the single-request floor is the REST proxy's own spec.
    targets: { singleRequestsPerSec: TARGET_SINGLE_RPS, batchedRatio: TARGET_BATCHED_RATIO },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const verdict = (meets: boolean): string => (meets && errors === 0 ? "meets" : "MISSES");
  process.stdout.write(
    `single requests/s ${result.single.proxyRequestsPerSec}   target >= ${TARGET_SINGLE_RPS}: ` +
      `${verdict(result.single.proxyRequestsPerSec >= TARGET_SINGLE_RPS)}\n` +
      `batched records/s ÷ direct kafkajs ${result.batched.ratio} (median of rounds ${result.rounds.join(", ")})   ` +
      `target >= ${TARGET_BATCHED_RATIO}: ${verdict(result.batched.ratio >= TARGET_BATCHED_RATIO)}\n`,
  );
  await admin.deleteTopics({ topics: [topic] });
} finally {
  stopChildren();
  await producer.disconnect().catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  await broker.kafka?.stop();
  if (broker.dir !== undefined) rmSync(broker.dir, { recursive: true, force: true });
}
