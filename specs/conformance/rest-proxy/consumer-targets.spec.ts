import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BINARY_V2, V2, call, createTopic, startTarget, uniqueName, type ProxyTarget } from "./target.ts";
import { createTopicsAndWait } from "../../../harness/runtime/kafka-admin.ts";

// v2 consumers beyond the checklist: when the group is joined, pattern subscriptions, manual assignments and
// max_bytes (reference §4, "Read timing" and "Subscribe/assign/seek").
let target: ProxyTarget;

beforeAll(async () => {
  target = await startTarget(inject("stack").kafka.bootstrapServers);
});

afterAll(async () => {
  await target?.stop();
});

const b64 = (s: string): string => Buffer.from(s).toString("base64");

async function produce(topic: string, records: Array<{ key?: string; value: string; partition?: number }>) {
  const body = JSON.stringify({
    records: records.map((r) => ({
      key: r.key === undefined ? null : b64(r.key),
      value: b64(r.value),
      partition: r.partition,
    })),
  });
  const r = await call(target.url, "POST", `/topics/${topic}`, { type: BINARY_V2, body });
  expect(r.status).toBe(200);
}

async function createConsumer(body: object = {}): Promise<string> {
  const group = uniqueName("g");
  const r = await call(target.url, "POST", `/consumers/${group}`, { type: V2, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
  return `/consumers/${group}/instances/${r.json.instance_id}`;
}

interface ReadRecord {
  topic: string;
  key: string | null;
  value: string;
  partition: number;
  offset: number;
}

async function read(base: string, query = ""): Promise<{ json: ReadRecord[]; ms: number }> {
  const r = await call(target.url, "GET", `${base}/records${query}`, { accept: BINARY_V2 });
  expect(r.status).toBe(200);
  return { json: r.json as ReadRecord[], ms: r.ms };
}

async function readUntil(base: string, count: number, query = ""): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for (let i = 0; i < 30 && out.length < count; i++) out.push(...(await read(base, query)).json);
  return out;
}

describe("v2 consumer targets", () => {
  it("joins at the first read: a latest consumer skips what was produced before it", async () => {
    const topic = await createTopic(target.admin, 1, "rp-latest");
    const base = await createConsumer();
    const sub = await call(target.url, "POST", `${base}/subscription`, {
      type: V2,
      body: JSON.stringify({ topics: [topic] }),
    });
    expect(sub.status).toBe(204);
    // Subscribing alone joins nothing, so a record produced now is behind the position the first read resolves.
    await new Promise((r) => setTimeout(r, 2000));
    await produce(topic, [{ value: "before" }]);
    const early = [...(await read(base)).json, ...(await read(base)).json];
    expect(early).toEqual([]);
    await produce(topic, [{ value: "after" }]);
    const later = await readUntil(base, 1);
    expect(later.map((r) => [r.offset, r.value])).toEqual([[1, b64("after")]]);
  }, 90_000);

  it("a topic_pattern subscription reads every matching topic", async () => {
    const prefix = uniqueName("rp-pat");
    const topics = [`${prefix}-a`, `${prefix}-b`];
    await createTopicsAndWait(
      target.admin,
      topics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    );
    for (const t of topics) await produce(t, [{ value: t }]);
    const base = await createConsumer({ "auto.offset.reset": "earliest" });
    const sub = await call(target.url, "POST", `${base}/subscription`, {
      type: V2,
      body: JSON.stringify({ topic_pattern: `${prefix}-.*` }),
    });
    expect(sub.status).toBe(204);
    const records = await readUntil(base, 2);
    expect(records.map((r) => r.topic).sort()).toEqual(topics);
  }, 90_000);

  it("a manual assignment reads only its partitions", async () => {
    const topic = await createTopic(target.admin, 2, "rp-assign");
    await produce(topic, [
      { value: "p0", partition: 0 },
      { value: "p1a", partition: 1 },
      { value: "p1b", partition: 1 },
    ]);
    const base = await createConsumer({ "auto.offset.reset": "earliest" });
    const assign = await call(target.url, "POST", `${base}/assignments`, {
      type: V2,
      body: JSON.stringify({ partitions: [{ topic, partition: 1 }] }),
    });
    expect(assign.status).toBe(204);
    const got = await call(target.url, "GET", `${base}/assignments`);
    expect(got.json).toEqual({ partitions: [{ topic, partition: 1 }] });
    const records = await readUntil(base, 2);
    expect(records.map((r) => [r.partition, r.offset, r.value])).toEqual([
      [1, 0, b64("p1a")],
      [1, 1, b64("p1b")],
    ]);
    const more = await read(base);
    expect(more.json).toEqual([]);
  }, 90_000);

  it("max_bytes ends a read early; a record that alone reaches it is never delivered", async () => {
    const topic = await createTopic(target.admin, 1, "rp-maxbytes");
    // Each record is 4 bytes (key + value).
    await produce(topic, [
      { key: "k1", value: "v1" },
      { key: "k2", value: "v2" },
      { key: "k3", value: "v3" },
    ]);
    const base = await createConsumer({ "auto.offset.reset": "earliest" });
    await call(target.url, "POST", `${base}/subscription`, { type: V2, body: JSON.stringify({ topics: [topic] }) });
    let first: { json: ReadRecord[]; ms: number } | undefined;
    for (let i = 0; i < 30 && !first; i++) {
      const r = await read(base, "?max_bytes=9");
      if (r.json.length > 0) first = r;
    }
    // 4 + 4 = 8 fits; the third would bring 12 >= 9, so the read stops there without waiting out its timeout.
    expect(first!.json.map((r) => r.offset)).toEqual([0, 1]);
    expect(first!.ms).toBeLessThan(900);
    const rest = await read(base, "?max_bytes=9");
    expect(rest.json.map((r) => r.offset)).toEqual([2]);

    const tight = await createConsumer({ "auto.offset.reset": "earliest" });
    await call(target.url, "POST", `${tight}/subscription`, { type: V2, body: JSON.stringify({ topics: [topic] }) });
    let early = false;
    for (let i = 0; i < 10; i++) {
      const r = await read(tight, "?max_bytes=4");
      expect(r.json).toEqual([]);
      if (r.ms < 900) early = true;
    }
    expect(early).toBe(true);
  }, 90_000);
});
