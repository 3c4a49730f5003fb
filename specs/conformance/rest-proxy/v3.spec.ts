import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, createTopic, readBack, startTarget, uniqueName, type ProxyTarget } from "./target.ts";

// The v3 section of the REST proxy reference (§6) and checklist item 32: clusters, topics CRUD, streaming records.
const JSON_TYPE = "application/json";
let target: ProxyTarget;
let clusterId: string;

beforeAll(async () => {
  target = await startTarget(inject("stack").kafka.bootstrapServers);
  clusterId = (await target.admin.describeCluster()).clusterId;
});

afterAll(async () => {
  await target?.stop();
});

/** The response lines of a streaming produce (each record's line ends with the CRLF chunk delimiter). */
function lines(text: string): Array<Record<string, unknown>> {
  return text
    .split("\r\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function produce(topic: string, body: string) {
  return call(target.url, "POST", `/v3/clusters/${clusterId}/topics/${topic}/records`, { type: JSON_TYPE, body });
}

describe("v3 clusters", () => {
  it("lists the one cluster and answers 404 for another", async () => {
    const list = await call(target.url, "GET", "/v3/clusters");
    expect(list.status).toBe(200);
    expect(list.type).toBe(JSON_TYPE);
    expect(list.json).toMatchObject({ kind: "KafkaClusterList", metadata: { next: null } });
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0]).toMatchObject({
      kind: "KafkaCluster",
      cluster_id: clusterId,
      metadata: { resource_name: `crn:///kafka=${clusterId}` },
    });
    const one = await call(target.url, "GET", `/v3/clusters/${clusterId}`);
    expect(one.json.metadata.self).toBe(`${target.url}/v3/clusters/${clusterId}`);
    const other = await call(target.url, "GET", "/v3/clusters/nope");
    expect(other.status).toBe(404);
    expect(other.json).toEqual({ error_code: 404, message: "Cluster nope cannot be found." });
  });
});

describe("v3 topics", () => {
  it("create, get, list, delete; an existing topic is a 40002 (item 32)", async () => {
    const name = uniqueName("v3t");
    const path = `/v3/clusters/${clusterId}/topics`;
    const body = JSON.stringify({ topic_name: name, partitions_count: 3, replication_factor: 1 });
    const created = await call(target.url, "POST", path, { type: JSON_TYPE, body });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).slice(0, 7)).toEqual([
      "kind",
      "metadata",
      "cluster_id",
      "topic_name",
      "is_internal",
      "replication_factor",
      "partitions_count",
    ]);
    expect(created.json).toMatchObject({ kind: "KafkaTopic", topic_name: name, partitions_count: 0 });
    expect(created.json.metadata).toEqual({
      self: `${target.url}${path}/${name}`,
      resource_name: `crn:///kafka=${clusterId}/topic=${name}`,
    });

    const again = await call(target.url, "POST", path, { type: JSON_TYPE, body });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error_code: 40002, message: `Topic '${name}' already exists.` });
    expect((await call(target.url, "POST", path, { type: JSON_TYPE, body: "foobar" })).status).toBe(400);
    expect((await call(target.url, "POST", path, { type: JSON_TYPE, body: "{}" })).status).toBe(400);

    const got = await call(target.url, "GET", `${path}/${name}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      topic_name: name,
      is_internal: false,
      replication_factor: 1,
      partitions_count: 3,
    });
    const list = await call(target.url, "GET", path);
    expect(list.json.kind).toBe("KafkaTopicList");
    const names = (list.json.data as Array<{ topic_name: string }>).map((t) => t.topic_name);
    expect(names).toContain(name);
    expect(names).toEqual([...names].sort());

    expect((await call(target.url, "DELETE", `${path}/${name}`)).status).toBe(204);
    const gone = await call(target.url, "GET", `${path}/${name}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ error_code: 40403, message: "This server does not host this topic-partition." });
  });
});

describe("v3 records", () => {
  it("streams one line per record, in order, with offsets, sizes and the Kafka bytes", async () => {
    const topic = await createTopic(target.admin, 1, "v3rec");
    const body = [
      { key: { type: "BINARY", data: "a2V5" }, value: { type: "JSON", data: { a: 1 } } },
      { value: { type: "BINARY", data: "dmFs" }, headers: [{ name: "h", value: "aHY=" }] },
      {},
    ]
      .map((r) => JSON.stringify(r))
      .join("");
    const r = await produce(topic, body);
    expect(r.status).toBe(200);
    expect(r.type).toBe(JSON_TYPE);
    const out = lines(r.text);
    expect(out).toHaveLength(3);
    expect(Object.keys(out[0]!)).toEqual([
      "cluster_id",
      "topic_name",
      "partition_id",
      "offset",
      "timestamp",
      "key",
      "value",
    ]);
    expect(out[0]).toMatchObject({
      cluster_id: clusterId,
      topic_name: topic,
      partition_id: 0,
      offset: 0,
      key: { type: "BINARY", size: 3 },
      value: { type: "JSON", size: 7 },
    });
    expect(out[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
    expect(out[1]).toMatchObject({ offset: 1, value: { type: "BINARY", size: 3 } });
    expect(out[1]).not.toHaveProperty("key");
    expect(out[2]).toMatchObject({ offset: 2 });
    expect(out[2]).not.toHaveProperty("value");
    const back = await readBack(target.kafka, topic, 3);
    expect(back.map((m) => [m.key?.toString() ?? null, m.value?.toString() ?? null])).toEqual([
      ["key", '{"a":1}'],
      [null, "val"],
      [null, null],
    ]);
  }, 60_000);

  it("a bad base64 record earns a 400 line and the others go through (item 32)", async () => {
    const topic = await createTopic(target.admin, 1, "v3bad");
    const body = [{ value: { type: "BINARY", data: "Zm9v" } }, { value: { type: "BINARY", data: "fooba" } }]
      .map((x) => JSON.stringify(x))
      .join("\n");
    const r = await produce(topic, body);
    expect(r.status).toBe(200);
    const out = lines(r.text);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ partition_id: 0, offset: 0 });
    expect(out[1]).toEqual({ error_code: 400, message: 'Bad Request: data="fooba" is not a valid base64 string.' });
  });

  it("binds `type` to 7.2's EmbeddedFormat: exact names or an ordinal; lower case and STRING are refused", async () => {
    const topic = await createTopic(target.admin, 1, "v3type");
    const body = [
      { value: { type: "JSON", data: { a: 1 } } },
      { value: { type: "json", data: { a: 2 } } },
      { value: { type: "STRING", data: "s" } },
      { value: { type: 0, data: "Zm9v" } },
      { value: { type: 7, data: "Zm9v" } },
      { value: { type: true, data: "Zm9v" } },
    ]
      .map((x) => JSON.stringify(x))
      .join("\n");
    const out = lines((await produce(topic, body)).text);
    const refusal = (what: string): Record<string, unknown> => ({
      error_code: 400,
      message: `Cannot deserialize value of type \`io.confluent.kafkarest.entities.EmbeddedFormat\` from ${what}`,
    });
    const accepted = "not one of the values accepted for Enum class: [JSON, BINARY, AVRO, PROTOBUF, JSONSCHEMA]";
    expect(out).toHaveLength(6);
    expect(out[0]).toMatchObject({ offset: 0, value: { type: "JSON" } });
    expect(out[1]).toEqual(refusal(`String "json": ${accepted}`));
    expect(out[2]).toEqual(refusal(`String "STRING": ${accepted}`));
    expect(out[3]).toMatchObject({ offset: 1, value: { type: "BINARY", size: 3 } });
    expect(out[4]).toEqual(refusal("number 7: index value outside legal index range [0..4]"));
    expect(out[5]).toEqual(refusal("Boolean value (token `JsonToken.VALUE_TRUE`)"));
  });

  it("malformed JSON: a plain 400 on the first token, else error lines, the last naming the open record; a null body is a 42206", async () => {
    const topic = await createTopic(target.admin, 1, "v3parse");
    const first = await produce(topic, "foobar");
    expect(first.status).toBe(400);
    expect(first.json).toEqual({
      error_code: 400,
      message:
        "Unrecognized token 'foobar': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    });
    const r = await produce(topic, `${JSON.stringify({ value: { type: "JSON", data: 1 } })}{"value":`);
    expect(r.status).toBe(200);
    const out = lines(r.text);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ offset: 0 });
    expect(out[1]).toEqual({ error_code: 400, message: "Unexpected end-of-input within/between Object entries" });
    expect(out[2]).toEqual({
      error_code: 400,
      message:
        "Bad Request: Error processing message: Unexpected end-of-input: expected close marker for Object (start marker at " +
        "[Source: (org.glassfish.jersey.message.internal.ReaderInterceptorExecutor$UnCloseableInputStream); line: 1, column: 35])",
    });
    const empty = await produce(topic, "");
    expect(empty.status).toBe(422);
    expect(empty.json).toEqual({ error_code: 42206, message: "Payload error. Null input provided. Data is required." });
  });

  it("1000 records give 1000 ordered lines", async () => {
    const topic = await createTopic(target.admin, 1, "v3many");
    const body = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ value: { type: "JSON", data: i } })).join("");
    const r = await produce(topic, body);
    const out = lines(r.text);
    expect(out).toHaveLength(1000);
    expect(out.map((l) => l.offset)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  }, 60_000);
});
