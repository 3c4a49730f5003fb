import { describe, expect, it } from "vitest";
import { ENTITY_STREAM_CLASS, entitySource } from "../../../harness/components/rest-proxy/json-errors.ts";
import { produceV3 } from "../../../harness/components/rest-proxy/produce-v3.ts";
import { RestError } from "../../../harness/components/rest-proxy/errors.ts";
import type { RecordResult } from "../../../harness/components/rest-proxy/producer.ts";
import { proxyWithFakeBackend } from "./fake-backend.ts";

// Confluent REST Proxy 7.2's answers to bodies Jackson cannot read or bind, as the differential oracle measured
// them on Jackson 2.14 (specs/oracle/rest-proxy-bodies.spec.ts holds them to it over thousands of bodies).
const SOURCE = `[Source: (${ENTITY_STREAM_CLASS});`;
const EXPECTING = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

async function produceV2(body: string | Buffer): Promise<{ status: number; message: string }> {
  const proxy = proxyWithFakeBackend();
  try {
    const r = await proxy.dispatch({
      method: "POST",
      url: "/topics/t",
      headers: { "content-type": "application/vnd.kafka.json.v2+json" },
      body: Buffer.from(body),
    });
    return { status: r.status, message: (JSON.parse(r.body ?? "{}") as { message: string }).message };
  } finally {
    await proxy.consumers.close();
  }
}

describe("v2: rest-utils' mappers over Jersey's entity stream", () => {
  it("answers Jackson's own message, with the locations it quotes naming Jersey's stream", async () => {
    expect(await produceV2("foobar")).toEqual({ status: 400, message: `Unrecognized token 'foobar': ${EXPECTING}` });
    expect(await produceV2('{\r\n  "records": [\r\n    {"value": {"a": [1, 2}}\r\n  ]\r\n}')).toEqual({
      status: 400,
      message: `Unexpected close marker '}': expected ']' (for Array starting at ${SOURCE} line: 3, column: 21])`,
    });
    expect(await produceV2('{"key_schema":"x"]')).toEqual({
      status: 400,
      message: `Unexpected close marker ']': expected '}' (for Object starting at ${SOURCE} line: 1, column: 1])`,
    });
    expect((await produceV2("]")).message).toBe(
      `Unexpected close marker ']': expected '}' (for root starting at ${SOURCE} line: 1, column: 0])`,
    );
  });

  it("counts a byte-order mark in the columns", async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"records":[{"value":1}]')]);
    expect((await produceV2(body)).message).toBe(
      `Unexpected end-of-input: expected close marker for Object (start marker at ${SOURCE} line: 1, column: 4])`,
    );
  });

  it("cuts the location off where a bean deserializer wrapped the failure (inside a member's value)", async () => {
    expect((await produceV2('{"records":[{"value":{"é":1]}}]}')).message).toBe(
      "Unexpected close marker ']': expected '}'",
    );
  });

  it("binds records as the entity's creators do, in Jackson's words", async () => {
    const record = "io.confluent.kafkarest.entities.v2.ProduceRequest$ProduceRecord";
    expect(await produceV2('{"records":[1]}')).toEqual({
      status: 400,
      message: `Cannot construct instance of \`${record}\` (although at least one Creator exists): no int/Int-argument constructor/factory method to deserialize from Number value (1)`,
    });
    expect((await produceV2('{"records":"x"}')).message).toBe(
      `Cannot deserialize value of type \`java.util.ArrayList<${record}>\` from String value (token \`JsonToken.VALUE_STRING\`)`,
    );
    expect((await produceV2('{"records":[{"value":1},null]}')).message).toBe(
      "Cannot construct instance of `io.confluent.kafkarest.entities.v2.ProduceRequest`, problem: at index 1",
    );
    // An unknown member is reported once its object is read, after a member of the wrong type.
    expect((await produceV2('{"records":[{"foo":1,"partition":"x"}]}')).message).toBe(
      'Cannot deserialize value of type `java.lang.Integer` from String "x": not a valid `java.lang.Integer` value',
    );
    expect(await produceV2('{"bar":2,"records":[{"foo":1}]}')).toEqual({
      status: 422,
      message: "Unrecognized field: foo",
    });
    expect((await produceV2('{"records":[{"partition":" 7 "}]}')).status).toBe(200);
  });
});

describe("v3: StreamingResponse over the MappingIterator", () => {
  const sink = {
    produce: async (_topic: string, records: Array<{ partition: number | undefined }>): Promise<RecordResult[]> =>
      records.map((r) => ({ ok: true, partition: r.partition ?? 0, offset: "0", timestamp: 0 })),
  };
  async function lines(body: string): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    for await (const line of produceV3(sink, "c", "t", body, entitySource(Buffer.from(body)))) {
      out.push(JSON.parse(line) as Record<string, unknown>);
    }
    return out;
  }
  const failure = (message: string): Record<string, unknown> => ({ error_code: 400, message });

  it("answers a failure on the body's first token as Jersey does: a plain 400, no stream", () => {
    let thrown: unknown;
    try {
      produceV3(sink, "c", "t", " foobar", entitySource(Buffer.from(" foobar")));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RestError);
    expect((thrown as RestError).body()).toBe(
      `{"error_code":400,"message":"Unrecognized token 'foobar': ${EXPECTING}"}`,
    );
  });

  it("fails a record inside with its message, then reports what skipping the rest of it meets", async () => {
    const out = await lines('{"value":{"type":"JSON","data":1}}{"value":');
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ offset: 0 });
    expect(out[1]).toEqual(failure("Unexpected end-of-input within/between Object entries"));
    expect(out[2]).toEqual(
      failure(
        `Bad Request: Error processing message: Unexpected end-of-input: expected close marker for Object (start marker at ${SOURCE} line: 1, column: 35])`,
      ),
    );
  });

  it("goes on with the next record when skipping reaches the end of the failed one", async () => {
    const out = await lines('{"value":{"type":"JSON","data":[1 2]}}{"value":{"type":"JSON","data":2}}');
    expect(out[0]).toEqual(
      failure("Unexpected character ('2' (code 50)): was expecting comma to separate Array entries"),
    );
    expect(out[1]).toMatchObject({ offset: 0, value: { type: "JSON" } });
  });

  it("fails the iterator where the next record should start, and ends", async () => {
    expect(await lines('{"value":{"type":"JSON","data":1}}]')).toEqual([
      expect.objectContaining({ offset: 0 }),
      failure(
        `Bad Request: Error processing message: Unexpected close marker ']': expected '}' (for root starting at ${SOURCE} line: 1, column: 0])`,
      ),
    ]);
  });

  it("keeps only the first line of a binding refusal", async () => {
    expect(await lines('{"value":{"type":"a\\nb","data":1}}')).toEqual([
      failure('Cannot deserialize value of type `io.confluent.kafkarest.entities.EmbeddedFormat` from String "a'),
    ]);
  });
});
