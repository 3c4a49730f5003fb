import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clockedKinesis, SIGNED_HEADERS, type ClockedKinesis } from "./clocked-kinesis.ts";

const JSON_TYPE = "application/x-amz-json-1.1";
const CBOR_TYPE = "application/x-amz-cbor-1.1";

let k: ClockedKinesis;
beforeEach(() => {
  k = clockedKinesis();
});
afterEach(() => k.close());

const post = (headers: Record<string, string>, body = "{}"): ReturnType<ClockedKinesis["request"]> =>
  k.request({ headers, body: Buffer.from(body) });

describe("Kinesis wire protocol: every answer", () => {
  it("carries a request id and an x-amz-id-2, as Kinesis's do", () => {
    const answer = k.call("ListStreams", {});
    expect(answer.header("x-amzn-RequestId")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Buffer.from(answer.header("x-amz-id-2") ?? "", "base64")).toHaveLength(72);
    expect(answer.header("Content-Type")).toBe(JSON_TYPE);
    expect(answer.header("Content-Length")).toBe(String(Buffer.byteLength(answer.text)));
    expect(answer.text).toBe('{"StreamNames":[],"HasMoreStreams":false,"StreamSummaries":[]}');
  });
});

describe("Kinesis wire protocol: requests Kinesis does not serve", () => {
  it("answers a request that is not a POST with an XML 403, as the AWS front end does", () => {
    const unsigned = k.request({ method: "GET" });
    expect(unsigned.status).toBe(403);
    expect(unsigned.header("Content-Type")).toBeUndefined();
    expect(unsigned.text).toBe(
      "<MissingAuthenticationTokenException>\n  <Message>Missing Authentication Token</Message>\n</MissingAuthenticationTokenException>\n",
    );
    const signed = k.request({ method: "PUT", headers: SIGNED_HEADERS });
    expect(signed.status).toBe(403);
    expect(signed.text).toBe(
      "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n",
    );
  });

  it("answers an empty body by whether the target is an operation", () => {
    const known = post(
      { ...SIGNED_HEADERS, "content-type": JSON_TYPE, "x-amz-target": "Kinesis_20131202.ListStreams" },
      "",
    );
    expect([known.status, known.text]).toEqual([400, '{"__type":"SerializationException"}']);
    const unknown = post({ ...SIGNED_HEADERS, "content-type": JSON_TYPE, "x-amz-target": "Kinesis_20131202.Nope" }, "");
    expect([unknown.status, unknown.text]).toEqual([400, '{"__type":"UnknownOperationException"}']);
  });

  it("answers a body that is not a JSON object with SerializationException, before looking at the target", () => {
    for (const body of ["hello", "true", "null", "[]", '{"a":']) {
      const answer = post({ ...SIGNED_HEADERS, "content-type": JSON_TYPE, "x-amz-target": "Whatever" }, body);
      expect([answer.status, answer.text]).toEqual([400, '{"__type":"SerializationException"}']);
    }
  });

  it("answers a target that is not a Kinesis operation with UnknownOperationException", () => {
    for (const target of ["", "Kinesis_20131202.", "Kinesis_20131202.ListStream", "Whatever.ListStreams"]) {
      const answer = post({ ...SIGNED_HEADERS, "content-type": JSON_TYPE, "x-amz-target": target });
      expect([answer.status, answer.text]).toEqual([400, '{"__type":"UnknownOperationException"}']);
    }
    const unserved = post({
      ...SIGNED_HEADERS,
      "content-type": JSON_TYPE,
      "x-amz-target": "Kinesis_20131202.SplitShard",
    });
    expect(unserved.json()).toEqual({
      __type: "UnknownOperationException",
      message: "pinpipe's Kinesis does not serve SplitShard",
    });
  });

  it("answers other content types as Kinesis does: XML or the retired JSON protocol", () => {
    const noType = post({ ...SIGNED_HEADERS, "x-amz-target": "Kinesis_20131202.ListStreams" });
    expect([noType.status, noType.text]).toEqual([404, "<UnknownOperationException/>\n"]);
    const legacy = post({
      ...SIGNED_HEADERS,
      "content-type": "application/json",
      "x-amz-target": "Kinesis_20131202.ListStreams",
    });
    expect([legacy.status, legacy.header("Content-Type"), legacy.text]).toEqual([
      404,
      "application/json",
      '{"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"}',
    ]);
    const legacyBad = post({ "content-type": "application/json" }, "hello");
    expect(legacyBad.json()).toEqual({
      Output: { __type: "com.amazon.coral.service#SerializationException" },
      Version: "1.0",
    });
    // CBOR is served (cbor-wire.spec.ts). An empty body is refused before the content type is looked at: in CBOR
    // for any type but JSON's.
    const empty = post(
      { ...SIGNED_HEADERS, "content-type": CBOR_TYPE, "x-amz-target": "Kinesis_20131202.ListStreams" },
      "",
    );
    expect([empty.status, empty.header("Content-Type"), empty.body.toString("hex")]).toEqual([
      400,
      CBOR_TYPE,
      // {"__type": "SerializationException"}, in an indefinite-length map.
      "bf665f5f7479706576" + Buffer.from("SerializationException").toString("hex") + "ff",
    ]);
  });
});

describe("Kinesis wire protocol: signatures", () => {
  const call = (headers: Record<string, string>, path = "/"): ReturnType<ClockedKinesis["request"]> =>
    k.request({
      url: path,
      headers: { "content-type": JSON_TYPE, "x-amz-target": "Kinesis_20131202.ListStreams", ...headers },
      body: Buffer.from("{}"),
    });

  it("takes any credentials and any signature, as long as one is there", () => {
    expect(call(SIGNED_HEADERS).status).toBe(200);
    expect(
      call(
        {},
        "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=host&X-Amz-Date=d",
      ).status,
    ).toBe(200);
  });

  it("answers a request without one with MissingAuthenticationTokenException", () => {
    const answer = call({});
    expect([answer.status, answer.text]).toEqual([
      400,
      '{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}',
    ]);
  });

  it("answers a malformed one with IncompleteSignatureException, naming what is missing", () => {
    expect(call({ authorization: "X" }).json()).toEqual({
      __type: "IncompleteSignatureException",
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
        "a 'X-Amz-Date' or a 'Date' header. Authorization=X",
    });
    expect(call({ authorization: "AWS4- Signature=b, Credential=a", date: "a" }).json()).toEqual({
      __type: "IncompleteSignatureException",
      message: "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b, Credential=a",
    });
    expect(call({}, "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d").json()).toEqual({
      __type: "IncompleteSignatureException",
      message:
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    });
    expect(call(SIGNED_HEADERS, "/?X-Amz-Algorithm").json()).toEqual({
      __type: "InvalidSignatureException",
      message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    });
  });
});
