import { describe, expect, it } from "vitest";
import { clients, listKeys, rest, runCase, taskState, unique, until, waitForObjects, useSinkSpec } from "./support.ts";

// Checklist §12 cases 12-14, 24 and R8: null values, converter errors, tolerance, dead-letter queue.
const spec = useSinkSpec("sink-errors");
const { bucket, names } = spec;

const P = (topic: string): string => `topics/${topic}/partition=0/${topic}+0+`;
const failed = (name: string) =>
  until(`task of ${name} FAILED`, async () => {
    const t = await taskState(spec.target, name);
    return t?.state === "FAILED" ? t : undefined;
  });

async function readDlq(
  topic: string,
  count: number,
): Promise<{ key: Buffer | null; value: Buffer | null; headers: Record<string, string> }[]> {
  const { kafka } = await import("./support.ts");
  const { admin } = await clients();
  // The task creates the dead-letter topic when it starts.
  await until(`topic ${topic}`, async () => ((await admin.listTopics()).includes(topic) ? true : undefined));
  const consumer = kafka.consumer({ groupId: unique("dlq-reader") });
  const out: { key: Buffer | null; value: Buffer | null; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(Array.isArray(v) ? v[0] : v);
      out.push({ key: message.key, value: message.value, headers });
    },
  });
  await until(`${count} DLQ records`, async () => (out.length >= count ? true : undefined));
  await consumer.disconnect();
  return out;
}

const nullRecords = [{ value: null }, { value: '{"i":1}' }, { value: '{"i":2}' }, { value: '{"i":3}' }];

describe("S3 sink error handling", () => {
  it("12 + R8: a null value fails the task under behavior.on.null.values=fail; task restart answers 204", async () => {
    const c = await runCase(spec.target, bucket, nullRecords);
    names.push(c.name);
    const t = await failed(c.name);
    expect(t.trace).toContain("Null valued records are not writeable with current behavior.on.null.values 'settings.");
    const status = (await rest(spec.target, "GET", `/connectors/${c.name}/status`)).body as {
      connector: { state: string };
    };
    expect(status.connector.state).toBe("RUNNING");
    const restart = await rest(spec.target, "POST", `/connectors/${c.name}/tasks/0/restart`);
    expect(restart.status).toBe(204);
    expect(restart.text).toBe("");
    expect(await listKeys(bucket, `topics/${c.topic}/`)).toEqual([]);
  });

  it("12: ignore drops null values", async () => {
    const c = await runCase(spec.target, bucket, nullRecords, { "behavior.on.null.values": "ignore" });
    names.push(c.name);
    const o = await waitForObjects(bucket, [`${P(c.topic)}0000000001.json`], `topics/${c.topic}/`);
    expect(o.get(`${P(c.topic)}0000000001.json`)?.toString()).toBe('{"i":1}\n{"i":2}\n{"i":3}\n');
  });

  it("13: a converter error under errors.tolerance=none fails the task", async () => {
    const c = await runCase(spec.target, bucket, [
      { value: "{}" },
      { value: "123abc" },
      { value: "{}" },
      { value: "{}" },
    ]);
    names.push(c.name);
    const t = await failed(c.name);
    expect(t.trace).toContain("Tolerance exceeded in error handler");
    expect(t.trace).toContain("Converting byte[] to Kafka Connect data failed due to serialization error: ");
  });

  it("14: errors.tolerance=all sends the bad record to the DLQ with context headers", async () => {
    const dlq = unique("dlq");
    const c = await runCase(
      spec.target,
      bucket,
      [{ value: '{"i":0}' }, { value: "123abc", key: "bad" }, { value: '{"i":2}' }, { value: '{"i":3}' }],
      {
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": dlq,
        "errors.deadletterqueue.topic.replication.factor": "1",
        "errors.deadletterqueue.context.headers.enable": "true",
      },
    );
    names.push(c.name);
    const o = await waitForObjects(bucket, [`${P(c.topic)}0000000000.json`], `topics/${c.topic}/`);
    expect(o.get(`${P(c.topic)}0000000000.json`)?.toString()).toBe('{"i":0}\n{"i":2}\n{"i":3}\n');
    const [r] = await readDlq(dlq, 1);
    expect(r?.value?.toString()).toBe("123abc");
    expect(r?.key?.toString()).toBe("bad");
    expect(r?.headers["__connect.errors.stage"]).toBe("VALUE_CONVERTER");
    expect(r?.headers["__connect.errors.offset"]).toBe("1");
    expect(r?.headers["__connect.errors.topic"]).toBe(c.topic);
    expect(r?.headers["__connect.errors.connector.name"]).toBe(c.name);
    expect(r?.headers["__connect.errors.exception.class.name"]).toBe("org.apache.kafka.connect.errors.DataException");
  });

  it("24: FieldPartitioner on schemaless values sends every record to the DLQ", async () => {
    const dlq = unique("dlq");
    const c = await runCase(spec.target, bucket, [{ value: '{"a":1}' }, { value: '{"a":2}' }], {
      "partitioner.class": "io.confluent.connect.storage.partitioner.FieldPartitioner",
      "partition.field.name": "a",
      "errors.tolerance": "all",
      "errors.deadletterqueue.topic.name": dlq,
      "errors.deadletterqueue.topic.replication.factor": "1",
      "errors.deadletterqueue.context.headers.enable": "true",
    });
    names.push(c.name);
    const records = await readDlq(dlq, 2);
    expect(records.map((r) => r.headers["__connect.errors.exception.message"])).toEqual([
      "Error encoding partition.",
      "Error encoding partition.",
    ]);
    expect(records[0]?.headers["__connect.errors.stage"]).toBe("TASK_PUT");
    expect(await listKeys(bucket, `topics/${c.topic}/`)).toEqual([]);
  });
});
