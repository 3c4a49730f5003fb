import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BINARY_V2, JSON_V2, V2, call, createTopic, startTarget, uniqueName, type ProxyTarget } from "./target.ts";

// Checklist items 20-30 of the REST proxy reference: the v2 consumer API and its timing.
let target: ProxyTarget;
let topic: string;

beforeAll(async () => {
  const stack = inject("stack");
  // A short instance timeout for item 29; against an external proxy set consumer.instance.timeout.ms=5000.
  target = await startTarget(stack.kafka.bootstrapServers, { "consumer.instance.timeout.ms": "5000" });
  topic = await createTopic(target.admin, 1, "rp-consume");
  const body = JSON.stringify({
    records: [1, 2, 3].map((i) => ({
      key: Buffer.from(`k${i}`).toString("base64"),
      value: Buffer.from(`v${i}`).toString("base64"),
    })),
  });
  const r = await call(target.url, "POST", `/topics/${topic}`, { type: BINARY_V2, body });
  expect(r.status).toBe(200);
});

afterAll(async () => {
  await target?.stop();
});

async function createConsumer(group: string, body?: object): Promise<{ base: string; id: string }> {
  const r = await call(target.url, "POST", `/consumers/${group}`, {
    type: V2,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(r.status).toBe(200);
  return { base: `/consumers/${group}/instances/${r.json.instance_id}`, id: r.json.instance_id };
}

/**
 * Reads until records arrive. The first reads are empty while the group forms, and the very first group on a
 * fresh broker waits for the offsets topic to be created, hence the generous budget.
 */
async function readUntil(base: string, count: number, accept = BINARY_V2): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 45 && out.length < count; i++) {
    const r = await call(target.url, "GET", `${base}/records`, { accept });
    expect(r.status).toBe(200);
    out.push(...r.json);
  }
  return out;
}

describe("v2 consumers", () => {
  it("20-21: create, duplicates, bad format and bad config", async () => {
    const group = uniqueName("g");
    const r = await call(target.url, "POST", `/consumers/${group}`, { type: V2 });
    expect(r.status).toBe(200);
    expect(r.type).toBe(V2);
    expect(Object.keys(r.json)).toEqual(["instance_id", "base_uri"]);
    expect(r.json.base_uri).toMatch(new RegExp(`/consumers/${group}/instances/${r.json.instance_id}$`));
    const named = { name: "one" };
    await createConsumer(group, named);
    const dup = await call(target.url, "POST", `/consumers/${group}`, { type: V2, body: JSON.stringify(named) });
    expect(dup.json).toEqual({
      error_code: 40902,
      message: "Consumer with specified consumer ID already exists in the specified consumer group.",
    });
    const xml = await call(target.url, "POST", `/consumers/${group}`, { type: V2, body: '{"format":"xml"}' });
    expect(xml.json).toEqual({ error_code: 422, message: "Invalid format type." });
    const bad = await call(target.url, "POST", `/consumers/${group}`, {
      type: V2,
      body: '{"auto.offset.reset":"bad"}',
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error_code).toBe(42204);
  });

  // The first read joins the group and, on a broker without an initial rebalance delay, may already return
  // records (it only comes back empty when the join outlasts it): its records count like any other read's.
  it("22-25: subscribe, timing of reads, binary records in field order", async () => {
    const group = uniqueName("g");
    const { base } = await createConsumer(group, { "auto.offset.reset": "earliest" });
    const sub = await call(target.url, "POST", `${base}/subscription`, {
      type: V2,
      body: JSON.stringify({ topics: [topic] }),
    });
    expect(sub.status).toBe(204);
    const first = await call(target.url, "GET", `${base}/records`);
    expect(first.status).toBe(200);
    expect(first.type).toBe(BINARY_V2);
    expect(first.ms).toBeGreaterThanOrEqual(950);
    expect(first.ms).toBeLessThan(2050);
    const records = [...first.json, ...(await readUntil(base, 3 - first.json.length))];
    expect(records).toHaveLength(3);
    expect(Object.keys(records[0]!)).toEqual(["topic", "key", "value", "partition", "offset"]);
    expect(records[0]).toEqual({ topic, key: "azE=", value: "djE=", partition: 0, offset: 0 });
    const idle = await call(target.url, "GET", `${base}/records`);
    expect(idle.json).toEqual([]);
    expect(idle.ms).toBeGreaterThanOrEqual(950);
    expect(idle.ms).toBeLessThan(2050);
    const short = await call(target.url, "GET", `${base}/records?timeout=200`);
    expect(short.ms).toBeGreaterThanOrEqual(180);
    expect(short.ms).toBeLessThan(900);
    const capped = await call(target.url, "GET", `${base}/records?timeout=5000`);
    expect(capped.ms).toBeLessThan(2050);
  }, 90_000);

  it("23: fetch.min.bytes 1 returns as soon as data is there", async () => {
    const group = uniqueName("g");
    const { base } = await createConsumer(group, { "auto.offset.reset": "earliest", "fetch.min.bytes": 1 });
    await call(target.url, "POST", `${base}/subscription`, { type: V2, body: JSON.stringify({ topics: [topic] }) });
    let fast: number | undefined;
    for (let i = 0; i < 20 && fast === undefined; i++) {
      const r = await call(target.url, "GET", `${base}/records`);
      if (r.json.length > 0) fast = r.ms;
    }
    expect(fast).toBeDefined();
    expect(fast!).toBeLessThan(900);
  }, 60_000);

  it("26: a JSON consumer read as */* is a 40601", async () => {
    const { base } = await createConsumer(uniqueName("g"), { format: "json" });
    await call(target.url, "POST", `${base}/subscription`, { type: V2, body: JSON.stringify({ topics: [topic] }) });
    const r = await call(target.url, "GET", `${base}/records`, { accept: "*/*" });
    expect(r.status).toBe(406);
    expect(r.json).toEqual({
      error_code: 40601,
      message: "The requested embedded data format does not match the deserializer for this consumer instance",
    });
  });

  it("JSON consumers re-emit JSON values", async () => {
    const t = await createTopic(target.admin, 1, "rp-jsonread");
    await call(target.url, "POST", `/topics/${t}`, {
      type: JSON_V2,
      body: '{"records":[{"key":"k","value":{"a":[1,2.5]}}]}',
    });
    const { base } = await createConsumer(uniqueName("g"), { format: "json", "auto.offset.reset": "earliest" });
    await call(target.url, "POST", `${base}/subscription`, { type: V2, body: JSON.stringify({ topics: [t] }) });
    const records = await readUntil(base, 1, JSON_V2);
    expect(records[0]).toEqual({ topic: t, key: "k", value: { a: [1, 2.5] }, partition: 0, offset: 0 });
  }, 60_000);

  it("27: commits and committed offsets", async () => {
    const group = uniqueName("g");
    const { base } = await createConsumer(group, { "auto.offset.reset": "earliest" });
    await call(target.url, "POST", `${base}/subscription`, { type: V2, body: JSON.stringify({ topics: [topic] }) });
    await readUntil(base, 3);
    const all = await call(target.url, "POST", `${base}/offsets`, { type: V2 });
    expect(all).toMatchObject({ status: 200, text: "[]" });
    const one = await call(target.url, "POST", `${base}/offsets`, {
      type: V2,
      body: JSON.stringify({ offsets: [{ topic, partition: 0, offset: 20 }] }),
    });
    expect(one.text).toBe("[]");
    const got = await call(target.url, "GET", `${base}/offsets`, {
      type: V2,
      body: JSON.stringify({ partitions: [{ topic, partition: 0 }] }),
    });
    expect(got.json).toEqual({ offsets: [{ topic, partition: 0, offset: 21, metadata: "" }] });
    const none = await call(target.url, "GET", `${base}/offsets`, { type: V2 });
    expect(none.json).toEqual({ error_code: 40402, message: "Partition not found." });
  }, 60_000);

  it("28: a deleted instance is gone", async () => {
    const { base } = await createConsumer(uniqueName("g"));
    expect((await call(target.url, "DELETE", base, { type: V2 })).status).toBe(204);
    const r = await call(target.url, "GET", `${base}/records`);
    expect(r.status).toBe(404);
    expect(r.type).toBe(BINARY_V2);
    expect(r.json).toEqual({ error_code: 40403, message: "Consumer instance not found." });
  });

  it("29: idle instances expire; reads keep them alive", async () => {
    const { base } = await createConsumer(uniqueName("g"));
    await call(target.url, "POST", `${base}/subscription`, { type: V2, body: JSON.stringify({ topics: [topic] }) });
    for (let i = 0; i < 4; i++) {
      const r = await call(target.url, "GET", `${base}/records?timeout=1000`);
      expect(r.status).toBe(200);
      await new Promise((res) => setTimeout(res, 1500));
    }
    await new Promise((res) => setTimeout(res, 7000));
    const gone = await call(target.url, "GET", `${base}/records`);
    expect(gone.json).toEqual({ error_code: 40403, message: "Consumer instance not found." });
  }, 60_000);

  it("30: subscribe then assign conflicts; seek to a timestamp", async () => {
    const { base } = await createConsumer(uniqueName("g"), { "auto.offset.reset": "earliest" });
    await call(target.url, "POST", `${base}/subscription`, { type: V2, body: JSON.stringify({ topics: [topic] }) });
    const conflict = await call(target.url, "POST", `${base}/assignments`, {
      type: V2,
      body: JSON.stringify({ partitions: [{ topic, partition: 0 }] }),
    });
    expect(conflict.json).toEqual({
      error_code: 40903,
      message: "Illegal state: Subscription to topics, partitions and pattern are mutually exclusive",
    });
    await readUntil(base, 3);
    const assigned = await call(target.url, "GET", `${base}/assignments`);
    expect(assigned.json).toEqual({ partitions: [{ topic, partition: 0 }] });
    const seek = await call(target.url, "POST", `${base}/positions`, {
      type: V2,
      body: JSON.stringify({ timestamps: [{ topic, partition: 0, timestamp: "2000-01-01T00:00:00Z" }] }),
    });
    expect(seek.status).toBe(204);
    const again = await readUntil(base, 3);
    expect(again.map((r) => r.offset)).toEqual([0, 1, 2]);
  }, 60_000);
});
