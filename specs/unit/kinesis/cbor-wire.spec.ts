import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeCbor } from "../../../harness/components/kinesis/cbor/decode.ts";
import { encodeCbor } from "../../../harness/components/kinesis/cbor/encode.ts";
import { CborSimple, CborTag, type CborValue } from "../../../harness/components/kinesis/cbor/types.ts";
import { clockedKinesis, SIGNED_HEADERS, START_MS, type Answer, type ClockedKinesis } from "./clocked-kinesis.ts";

const CBOR_TYPE = "application/x-amz-cbor-1.1";
const ACCOUNT = "000000000000";

let k: ClockedKinesis;
beforeEach(() => {
  k = clockedKinesis();
});
afterEach(() => k.close());

/** A CBOR-protocol call, signed in form, with the body as given (raw bytes) or encoded as the Java SDKs do. */
function cborCall(action: string, body: CborValue | Buffer, headers: Record<string, string> = SIGNED_HEADERS): Answer {
  return k.request({
    headers: { ...headers, "content-type": CBOR_TYPE, "x-amz-target": `Kinesis_20131202.${action}` },
    body: Buffer.isBuffer(body) ? body : encodeCbor(body, { indefinite: true }),
  });
}

/** A CBOR answer's body, checked to be CBOR with the given status. */
function cborOf(answer: Answer, status = 200): Record<string, CborValue> {
  expect([answer.status, answer.header("Content-Type")]).toEqual([status, CBOR_TYPE]);
  return decodeCbor(answer.body) as Record<string, CborValue>;
}

/** A text string as CBOR writes it: its head (major type 3, the length) and its UTF-8 bytes. */
const text = (value: string): string => encodeCbor(value).toString("hex");
/** Tag 1 around START_MS as an unsigned 64-bit integer: c1 1b 0000014b0f3b5690. */
const START_TIMESTAMP = "c11b0000014b0f3b5690";

describe("Kinesis over CBOR: requests and answers", () => {
  it("answers a CBOR request in CBOR: maps and arrays of indefinite length, members in the JSON answer's order", () => {
    const answer = cborCall("ListStreams", {});
    expect(answer.header("Content-Type")).toBe(CBOR_TYPE);
    expect(answer.header("Content-Length")).toBe(String(answer.body.length));
    expect(answer.body.toString("hex")).toBe(
      `bf${text("StreamNames")}9fff${text("HasMoreStreams")}f4${text("StreamSummaries")}9fffff`,
    );
    // Spelled out: bf 6b "StreamNames" 9f ff 6e "HasMoreStreams" f4 6f "StreamSummaries" 9f ff ff.
    expect(answer.body.subarray(0, 2).toString("hex")).toBe("bf6b");
  });

  it("reads definite and indefinite lengths alike, and answers CreateStream with an empty body", () => {
    const created = k.request({
      headers: { ...SIGNED_HEADERS, "content-type": CBOR_TYPE, "x-amz-target": "Kinesis_20131202.CreateStream" },
      body: encodeCbor({ StreamName: "s", ShardCount: 2 }),
    });
    expect([created.status, created.header("Content-Type"), created.body.length]).toEqual([200, CBOR_TYPE, 0]);
    const summary = cborOf(cborCall("DescribeStreamSummary", { StreamName: "s" })).StreamDescriptionSummary;
    expect(summary).toEqual({
      StreamName: "s",
      StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`,
      StreamStatus: "ACTIVE",
      StreamModeDetails: { StreamMode: "PROVISIONED" },
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new CborTag(1, START_MS),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: "NONE",
      OpenShardCount: 2,
      ConsumerCount: 0,
    });
  });

  it("writes a timestamp as tag 1 around an integer count of epoch milliseconds, as the Java SDKs read it", () => {
    cborCall("CreateStream", { StreamName: "s", ShardCount: 1 });
    const answer = cborCall("DescribeStream", { StreamName: "s" });
    expect(answer.body.toString("hex")).toContain(text("StreamCreationTimestamp") + START_TIMESTAMP);
    // The same answer in JSON keeps Java's epoch seconds.
    expect(k.call("DescribeStream", { StreamName: "s" }).text).toContain('"StreamCreationTimestamp":1.421889722E9');
  });
});

describe("Kinesis over CBOR: the same records whichever format each request came in", () => {
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const iterator = (answer: Answer): string => answer.json().ShardIterator as string;

  beforeEach(() => {
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
  });

  it("puts Data sent as a byte string and reads it back as a byte string and as base64", () => {
    const put = cborOf(cborCall("PutRecord", { StreamName: "s", PartitionKey: "k", Data: bytes }));
    expect(put.ShardId).toBe("shardId-000000000000");
    const shard = { StreamName: "s", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" };
    const it1 = cborOf(cborCall("GetShardIterator", shard)).ShardIterator as string;
    const got = cborOf(cborCall("GetRecords", { ShardIterator: it1 }));
    expect(got.Records).toEqual([
      {
        SequenceNumber: put.SequenceNumber,
        ApproximateArrivalTimestamp: new CborTag(1, START_MS),
        Data: bytes,
        PartitionKey: "k",
      },
    ]);
    expect(got.MillisBehindLatest).toBe(0);
    expect(typeof got.NextShardIterator).toBe("string");
    const json = k.call("GetRecords", { ShardIterator: iterator(k.call("GetShardIterator", shard)) });
    expect(json.text).toContain(
      `"ApproximateArrivalTimestamp":1.421889722E9,"Data":"${bytes.toString("base64")}","PartitionKey":"k"`,
    );
  });

  it("reads back in CBOR what was put in JSON, and takes base64 text in a CBOR blob as JSON does", () => {
    k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: bytes.toString("base64") });
    cborCall("PutRecords", { StreamName: "s", Records: [{ PartitionKey: "k", Data: "AAE=" }] });
    const shard = { StreamName: "s", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" };
    const got = cborOf(cborCall("GetRecords", { ShardIterator: iterator(k.call("GetShardIterator", shard)) }));
    expect((got.Records as Record<string, CborValue>[]).map((record) => record.Data)).toEqual([
      bytes,
      Buffer.from([0, 1]),
    ]);
    const bad = cborOf(cborCall("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "AAE" }), 400);
    expect(bad).toEqual({
      __type: "SerializationException",
      Message:
        "'AAE' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3",
    });
  });

  it("reads a CBOR timestamp as epoch milliseconds, tagged 1 or not, a fraction dropped", () => {
    k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "AA==" });
    k.advance(1000);
    const shard = { StreamName: "s", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP" };
    const at = cborOf(cborCall("GetShardIterator", { ...shard, Timestamp: new CborTag(1, START_MS) }));
    const got = cborOf(cborCall("GetRecords", { ShardIterator: at.ShardIterator as string }));
    expect(got.Records).toHaveLength(1);
    const future = START_MS + 5000;
    for (const Timestamp of [new CborTag(1, future), future, future + 0.9, BigInt(future)]) {
      expect(cborOf(cborCall("GetShardIterator", { ...shard, Timestamp }), 400)).toEqual({
        __type: "InvalidArgumentException",
        message:
          "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. " +
          `timestampInMillis: ${future}, currentTimestampInMillis: ${START_MS + 1000}`,
      });
    }
  });
});

describe("Kinesis over CBOR: what the reader refuses", () => {
  const serialization = `bf${text("__type")}${text("SerializationException")}ff`;

  it("answers a body that is not well-formed CBOR, or not a map, with a bare SerializationException in CBOR", () => {
    for (const body of ["7b7d", "9fff", "4101", "a0ff", "f7", "bf6161", "62c328"]) {
      const answer = cborCall("ListStreams", Buffer.from(body, "hex"));
      expect([answer.status, answer.header("Content-Type"), answer.body.toString("hex")]).toEqual([
        400,
        CBOR_TYPE,
        serialization,
      ]);
    }
  });

  it("takes a self-described CBOR body (tag 55799)", () => {
    expect(cborCall("ListStreams", Buffer.from("d9d9f7a0", "hex")).status).toBe(200);
  });

  it("says what a value of the wrong type is in the words of Kinesis's reader", () => {
    const message = (body: Record<string, CborValue>, action = "ListStreams"): CborValue =>
      cborOf(cborCall(action, body), 400).Message;
    expect(message({ Limit: "ten" })).toBe("class java.lang.String can not be converted to an Integer");
    expect(message({ Limit: Buffer.from("x") })).toBe("class [B can not be converted to an Integer");
    expect(message({ ExclusiveStartStreamName: 5 })).toBe(
      "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
    );
    expect(message({ Limit: [1] })).toBe("Start of list found where not expected");
    expect(message({ Limit: { a: 1 } })).toBe("Start of structure or map found where not expected.");
    expect(
      message(
        { StreamName: "s", ShardId: "x", ShardIteratorType: "AT_TIMESTAMP", Timestamp: "now" },
        "GetShardIterator",
      ),
    ).toBe("class java.lang.String can not be converted to milliseconds since epoch");
    expect(message({ StreamName: "s", Records: Buffer.from("x") }, "PutRecords")).toBe("Expected list or null");
    const simple = cborOf(cborCall("ListStreams", { Limit: new CborSimple(99) }), 400);
    expect(simple).toEqual({ __type: "SerializationException" });
  });

  it("truncates numbers, clamps them to an Integer, and drops nulls and members it does not know", () => {
    const limit = cborOf(cborCall("ListStreams", { Limit: 2n ** 64n - 1n }), 400);
    expect(limit.message).toBe(
      "1 validation error detected: Value '2147483647' at 'limit' failed to satisfy constraint: Member must have value " +
        "less than or equal to 10000",
    );
    expect(
      cborCall("CreateStream", { StreamName: "f", ShardCount: 2.9, Tags: null, Other: new CborSimple(99) }).status,
    ).toBe(200);
    const summary = cborOf(cborCall("DescribeStreamSummary", { StreamName: "f", StreamARN: undefined }));
    expect((summary.StreamDescriptionSummary as Record<string, CborValue>).OpenShardCount).toBe(2);
  });
});

describe("Kinesis over CBOR: errors", () => {
  it("answers Kinesis's errors in CBOR: __type and message", () => {
    const missing = cborCall("DescribeStream", { StreamName: "nope" });
    expect(missing.body.toString("hex")).toBe(
      `bf${text("__type")}${text("ResourceNotFoundException")}` +
        `${text("message")}${text(`Stream nope under account ${ACCOUNT} not found.`)}ff`,
    );
    expect(cborOf(missing, 400)).toEqual({
      __type: "ResourceNotFoundException",
      message: `Stream nope under account ${ACCOUNT} not found.`,
    });
    expect(cborOf(cborCall("Nope", {}), 400)).toEqual({ __type: "UnknownOperationException" });
    expect(cborOf(cborCall("SplitShard", {}), 400)).toEqual({
      __type: "UnknownOperationException",
      message: "pinpipe's Kinesis does not serve SplitShard",
    });
    expect(cborOf(cborCall("ListStreams", {}, {}), 400)).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });
});
