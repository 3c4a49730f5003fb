import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSink, type StartedSink } from "../../../harness/components/sink/index.ts";
import {
  baseConfig,
  clients,
  closeClients,
  committedOffset,
  createBucket,
  createTopic,
  EXTERNAL_URL,
  getObject,
  listKeys,
  produce,
  unique,
  until,
  workerOptions,
} from "./support.ts";

// Checklist §12 case 23 and the crash spec: the worker dies in the middle of a run and a new one takes
// over the same connector; every record lands in S3 exactly once, under the same keys and bytes.
const bucket = unique("sink-crash");
const topic = unique("ev");
const name = unique("s3");
let sinks: StartedSink[] = [];

beforeAll(async () => {
  await createBucket(bucket);
  await createTopic(topic, 3);
});

afterAll(async () => {
  for (const s of sinks) await s.stop();
  await closeClients();
});

const config = (): Record<string, string> => ({ ...baseConfig(bucket, topic), "flush.size": "5", "tasks.max": "2" });

async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const k of await listKeys(bucket, `topics/${topic}/`)) out.set(k, (await getObject(bucket, k)).toString("utf8"));
  return out;
}

const expectedKeys = (perPartition: number): string[] =>
  [0, 1, 2].flatMap((p) =>
    Array.from(
      { length: perPartition / 5 },
      (_, i) => `topics/${topic}/partition=${p}/${topic}+${p}+${String(i * 5).padStart(10, "0")}.json`,
    ),
  );

describe.skipIf(EXTERNAL_URL !== undefined)("crash and restart", () => {
  it("loses and duplicates nothing across a worker crash", async () => {
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        partition: (from + i) % 3,
        value: `{"n":${from + i},"pad":"${"x".repeat(20)}"}`,
      }));
    await produce(topic, batch(0, 90));
    const first = await startSink(workerOptions());
    sinks.push(first);
    await first.createConnector(name, config());
    // Crash once some, but not all, objects are there.
    await until("first objects", async () =>
      (await listKeys(bucket, `topics/${topic}/`)).length >= 3 ? true : undefined,
    );
    await first.kill();
    sinks = sinks.filter((s) => s !== first);
    // A crash says no goodbye: the coordinator still counts the dead worker's members until their session ends,
    // and nothing is committed after the kill.
    const { admin } = await clients();
    const [group] = (await admin.describeGroups([`connect-${name}`])).groups;
    expect(group?.members.length).toBeGreaterThan(0);
    const committed = () => Promise.all([0, 1, 2].map((p) => committedOffset(`connect-${name}`, topic, p)));
    const committedAtKill = await committed();
    const before = await snapshot();
    // A produce while no worker runs, then a new worker with the same connector.
    await produce(topic, batch(90, 60));
    expect(await committed()).toEqual(committedAtKill);
    const second = await startSink(workerOptions());
    sinks.push(second);
    await second.createConnector(name, config());
    const keys = expectedKeys(50);
    await until(
      "all objects",
      async () => {
        const now = await listKeys(bucket, `topics/${topic}/`);
        return keys.every((k) => now.includes(k)) ? true : undefined;
      },
      120_000,
    );
    const after = await snapshot();
    expect([...after.keys()].sort()).toEqual([...keys].sort());
    // Objects written before the crash are rewritten with identical bytes, if at all.
    for (const [k, body] of before) expect(after.get(k)).toBe(body);
    const seen = [...after.values()]
      .flatMap((b) => b.trimEnd().split("\n"))
      .map((l) => (JSON.parse(l) as { n: number }).n);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // The new worker waits for the dead one's session to end (10 s) before the group rebalances.
  }, 150_000);
});
