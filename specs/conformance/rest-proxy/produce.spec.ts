import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  AVRO_V2,
  BINARY_V2,
  JSON_V2,
  V2,
  call,
  createTopic,
  readBack,
  startTarget,
  uniqueName,
  type ProxyTarget,
} from "./target.ts";

// Checklist items 1-19 of the REST proxy reference (negotiation, errors, v2 produce, partitioning, metadata).
// Against an external proxy, set producer.max.block.ms=5000 (KAFKA_REST_PRODUCER_MAX_BLOCK_MS) as upstream tests do.
const MAX_BLOCK_MS = 5000;

let target: ProxyTarget;
let t3: string;
let t1: string;

beforeAll(async () => {
  const stack = inject("stack");
  target = await startTarget(stack.kafka.bootstrapServers);
  t3 = await createTopic(target.admin, 3, "rp-produce3");
  t1 = await createTopic(target.admin, 1, "rp-produce1");
});

afterAll(async () => {
  await target?.stop();
});

const post = (path: string, type: string, body: string, accept?: string) =>
  call(target.url, "POST", path, { type, body, ...(accept ? { accept } : {}) });

describe("negotiation and the error table", () => {
  it("1: GET / answers {} and a text/plain Accept gets a bare 406", async () => {
    const ok = await call(target.url, "GET", "/");
    expect(ok).toMatchObject({ status: 200, type: V2, text: "{}" });
    const no = await call(target.url, "GET", "/", { accept: "text/plain" });
    expect(no.status).toBe(406);
    expect(no.text).toBe("");
    expect(no.type).toBeNull();
  });

  it("2: POST / as text/plain is a 415 typed as the Accept's v2 JSON", async () => {
    const r = await call(target.url, "POST", "/", { type: "text/plain", accept: V2, body: "x" });
    expect(r).toMatchObject({
      status: 415,
      type: V2,
      text: '{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}',
    });
  });

  it("3: produce as application/json is a 415", async () => {
    const r = await post(`/topics/${t1}`, "application/json", '{"records":[{"value":1}]}');
    expect(r.status).toBe(415);
    expect(r.text).toBe('{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}');
  });

  it("unknown paths, non-int partitions and wrong verbs", async () => {
    expect((await call(target.url, "GET", "/nope")).text).toBe('{"error_code":404,"message":"HTTP 404 Not Found"}');
    expect((await call(target.url, "GET", `/topics/${t1}/partitions/x`)).status).toBe(404);
    const r = await call(target.url, "DELETE", "/brokers");
    expect(r.text).toBe('{"error_code":405,"message":"HTTP 405 Method Not Allowed"}');
  });
});

describe("v2 produce", () => {
  it("4: a JSON record answers the exact produce response", async () => {
    const topic = await createTopic(target.admin, 1, "rp-exact");
    const r = await post(`/topics/${topic}`, JSON_V2, '{"records":[{"value":{"a":1}}]}');
    expect(r.status).toBe(200);
    expect(r.type).toBe(V2);
    expect(r.text).toBe(
      '{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}',
    );
  });

  it("5: four binary records with one key land in one partition, offsets 0..3", async () => {
    const topic = await createTopic(target.admin, 3, "rp-samekey");
    const rec = '{"key":"a2V5","value":"dmFsdWU="}';
    const r = await post(`/topics/${topic}`, BINARY_V2, `{"records":[${rec},${rec},${rec},${rec}]}`);
    expect(r.status).toBe(200);
    const offsets = r.json.offsets as Array<{ partition: number; offset: number }>;
    expect(new Set(offsets.map((o) => o.partition)).size).toBe(1);
    expect(offsets.map((o) => o.offset)).toEqual([0, 1, 2, 3]);
  });

  it("6: explicit partitions 0,1,1,2", async () => {
    const topic = await createTopic(target.admin, 3, "rp-explicit");
    const body = JSON.stringify({ records: [0, 1, 1, 2].map((partition) => ({ value: partition, partition })) });
    const r = await post(`/topics/${topic}`, JSON_V2, body);
    expect(r.json.offsets.map((o: { partition: number; offset: number }) => [o.partition, o.offset])).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 0],
    ]);
  });

  it("7: a record's partition beats the URL partition", async () => {
    const r = await post(`/topics/${t3}/partitions/0`, JSON_V2, '{"records":[{"value":1,"partition":1}]}');
    expect(r.json.offsets[0].partition).toBe(1);
  });

  it("8: murmur2 of the serialized key picks the partition", async () => {
    const bin = await post(`/topics/${t3}`, BINARY_V2, '{"records":[{"key":"dXNlci0x","value":null}]}');
    expect(bin.json.offsets[0].partition).toBe(2);
    const json = await post(`/topics/${t3}`, JSON_V2, '{"records":[{"key":"user-1","value":null}]}');
    expect(json.json.offsets[0].partition).toBe(1);
  });

  it("9-10: JSON values are stored as compact Jackson text", async () => {
    const topic = await createTopic(target.admin, 1, "rp-jsonvals");
    const values = ['"value"', "null", "53.4", "45", '{"x":null}', '[{"y":1}]', "1.0", "1e10"];
    for (const v of values) {
      const r = await post(`/topics/${topic}`, JSON_V2, `{"records":[{"value":${v}}]}`);
      expect(r.status).toBe(200);
      expect(r.json.offsets[0].error_code).toBeNull();
    }
    const back = await readBack(target.kafka, topic, values.length);
    expect(back.map((m) => (m.value === null ? null : m.value.toString()))).toEqual([
      '"value"',
      null,
      "53.4",
      "45",
      '{"x":null}',
      '[{"y":1}]',
      "1.0",
      "1.0E10",
    ]);
  });

  it("11: a non-string binary value is a 400", async () => {
    const r = await post(`/topics/${t1}`, BINARY_V2, '{"records":[{"value":123}]}');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error_code: 400, message: "Bad Request: data=123 is not a base64 string." });
  });

  it("12: one invalid base64 record fails the request and nothing is produced", async () => {
    const topic = await createTopic(target.admin, 1, "rp-badb64");
    const r = await post(`/topics/${topic}`, BINARY_V2, '{"records":[{"value":"Zm9v"},{"value":"fooba"}]}');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error_code: 400, message: 'Bad Request: data="fooba" is not a valid base64 string.' });
    const offsets = await target.admin.fetchTopicOffsets(topic);
    expect(offsets[0]?.high).toBe("0");
  });

  it("13: unpadded base64 is accepted", async () => {
    const topic = await createTopic(target.admin, 1, "rp-unpadded");
    const r = await post(`/topics/${topic}`, BINARY_V2, '{"records":[{"value":"Zm9vYg"},{"value":""}]}');
    expect(r.status).toBe(200);
    const back = await readBack(target.kafka, topic, 2);
    expect(back[0]?.value?.toString()).toBe("foob");
    expect(back[1]?.value).toEqual(Buffer.alloc(0));
  });

  it("14: null and empty bodies are 422", async () => {
    const empty = await post(`/topics/${t1}`, JSON_V2, "");
    expect(empty.json).toEqual({ error_code: 422, message: "produceJson.arg2 must not be null (was null)" });
    expect((await post(`/topics/${t1}`, JSON_V2, "{}")).status).toBe(422);
    const none = await post(`/topics/${t1}`, JSON_V2, '{"records":[]}');
    expect(none.status).toBe(422);
    expect(none.json.error_code).toBe(422);
  });

  it("15: unknown fields are 422, malformed JSON is 400", async () => {
    const r = await post(`/topics/${t1}`, JSON_V2, '{"records":[{"value":1,"foo":2}]}');
    expect(r.json).toEqual({ error_code: 422, message: "Unrecognized field: foo" });
    const bad = await post(`/topics/${t1}`, JSON_V2, "foobar");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error_code: 400,
      message:
        "Unrecognized token 'foobar': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    });
    // Jackson's own message quotes where an unclosed object started, naming the stream Jersey handed it.
    const cut = await post(`/topics/${t1}`, JSON_V2, '{"records":[{"value":1}]');
    expect(cut.json).toEqual({
      error_code: 400,
      message:
        "Unexpected end-of-input: expected close marker for Object (start marker at " +
        "[Source: (org.glassfish.jersey.message.internal.ReaderInterceptorExecutor$UnCloseableInputStream); line: 1, column: 1])",
    });
  });

  it("16: an unknown topic without auto-create times out per record with 50003", async () => {
    const topic = uniqueName("rp-missing");
    const r = await post(`/topics/${topic}`, JSON_V2, '{"records":[{"value":1},{"value":2}]}');
    expect(r.status).toBe(200);
    // One KafkaProducer.send per record, each waiting max.block.ms for the topic in turn.
    expect(r.ms).toBeGreaterThanOrEqual(2 * MAX_BLOCK_MS - 100);
    for (const o of r.json.offsets) {
      expect(o).toEqual({
        partition: null,
        offset: null,
        error_code: 50003,
        error: `Topic ${topic} not present in metadata after ${MAX_BLOCK_MS} ms.`,
      });
    }
  }, 30_000);

  it("17: a partition beyond the count times out with 50003; an oversized value is a per-record 50002", async () => {
    const r = await post(`/topics/${t3}/partitions/5`, JSON_V2, '{"records":[{"value":1}]}');
    expect(r.status).toBe(200);
    expect(r.json.offsets[0].error_code).toBe(50003);
    expect(r.json.offsets[0].error).toBe(
      `Partition 5 of topic ${t3} with partition count 3 is not present in metadata after ${MAX_BLOCK_MS} ms.`,
    );
    const big = Buffer.alloc(1_100_000, 1).toString("base64");
    const tooBig = await post(`/topics/${t1}`, BINARY_V2, `{"records":[{"value":"${big}"}]}`);
    expect(tooBig.status).toBe(200);
    expect(tooBig.json.offsets[0].error_code).toBe(50002);
    expect(tooBig.json.offsets[0].error).toMatch(
      /^The message is \d+ bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.$/,
    );
  }, 30_000);

  it("18: avro without a value schema is 42202", async () => {
    const r = await post(`/topics/${t1}`, AVRO_V2, '{"records":[{"value":{"a":1}}]}');
    expect(r.json).toEqual({ error_code: 42202, message: "Request includes values but does not include value schema" });
    const key = await post(`/topics/${t1}`, AVRO_V2, '{"records":[{"key":1,"value":{"a":1}}]}');
    expect(key.json).toEqual({ error_code: 42201, message: "Request includes keys but does not include key schema" });
  });

  it("unkeyed records only spread over existing partitions", async () => {
    const topic = await createTopic(target.admin, 3, "rp-sticky");
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const r = await post(`/topics/${topic}`, JSON_V2, '{"records":[{"value":1},{"value":2}]}');
      for (const o of r.json.offsets) seen.add(o.partition);
    }
    for (const p of seen) expect([0, 1, 2]).toContain(p);
  });
});

describe("v2 metadata", () => {
  it("19: topics, partitions and offsets", async () => {
    expect((await call(target.url, "GET", "/topics/missing-topic-x")).json).toEqual({
      error_code: 40403,
      message: "This server does not host this topic-partition.",
    });
    expect((await call(target.url, "GET", `/topics/${t3}/partitions/1000`)).json).toEqual({
      error_code: 40402,
      message: "Partition not found.",
    });
    const topics = await call(target.url, "GET", "/topics");
    expect(topics.type).toBe(V2);
    expect(topics.json).toContain(t3);
    expect(topics.json).not.toContain("__consumer_offsets");
    const topic = await call(target.url, "GET", `/topics/${t3}`);
    expect(topic.json.name).toBe(t3);
    expect(topic.json.partitions).toHaveLength(3);
    expect(typeof topic.json.configs["cleanup.policy"]).toBe("string");
    const p = await call(target.url, "GET", `/topics/${t3}/partitions/0`);
    expect(Object.keys(p.json)).toEqual(["partition", "leader", "replicas"]);
    expect(p.json.replicas[0]).toEqual({ broker: p.json.leader, leader: true, in_sync: true });
    const offsets = await call(target.url, "GET", `/topics/${t1}/partitions/0/offsets`);
    expect(Object.keys(offsets.json)).toEqual(["beginning_offset", "end_offset"]);
    const brokers = await call(target.url, "GET", "/brokers");
    expect(brokers.json.brokers.length).toBeGreaterThan(0);
  });
});
