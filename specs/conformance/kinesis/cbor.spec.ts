import { GetRecordsCommand } from "@aws-sdk/client-kinesis";
// The AWS SDK for JavaScript's own CBOR codec (a dependency of @aws-sdk/client-kinesis): an encoder and decoder
// written apart from pinpipe's, so the stand-in is not checked against itself.
import { cbor, tag } from "@smithy/core/cbor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCbor } from "../../../harness/components/kinesis/cbor/encode.ts";
import { ACCOUNT, kinesisUnderTest, SIGNED, type KinesisUnderTest } from "./support.ts";

const CBOR_TYPE = "application/x-amz-cbor-1.1";

interface CborAnswer {
  status: number;
  contentType: string | null;
  bytes: Buffer;
  /** The body as the independent decoder reads it (undefined: an empty body). */
  value: Record<string, unknown> | undefined;
}

let k: KinesisUnderTest;
// A clock with a millisecond part, to see that a timestamp keeps it.
const clock = Date.UTC(2026, 0, 22, 1, 22, 2, 345);
const createdMs = Math.floor(clock / 1000) * 1000;

/** A CBOR-protocol call over HTTP, signed in form, with a body already encoded. */
async function call(action: string, body: Uint8Array): Promise<CborAnswer> {
  const response = await fetch(k.kinesis.url, {
    method: "POST",
    headers: { ...SIGNED, "content-type": CBOR_TYPE, "x-amz-target": `Kinesis_20131202.${action}` },
    body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    bytes,
    value: bytes.length === 0 ? undefined : (cbor.deserialize(bytes) as Record<string, unknown>),
  };
}

/** A call whose body the independent encoder writes (definite lengths, as the Go and JavaScript SDKs do). */
const send = (action: string, body: Record<string, unknown>): Promise<CborAnswer> => call(action, cbor.serialize(body));

/** The decoded body of a 200 answered in CBOR. */
function ok(answer: CborAnswer): Record<string, unknown> {
  expect([answer.status, answer.contentType]).toEqual([200, CBOR_TYPE]);
  return answer.value as Record<string, unknown>;
}

/** Tag 1 around epoch milliseconds as an unsigned 64-bit integer, as the Java SDKs write and read it. */
function epochBytes(ms: number): string {
  const bytes = Buffer.alloc(10);
  bytes[0] = 0xc1;
  bytes[1] = 0x1b;
  bytes.writeBigUInt64BE(BigInt(ms), 2);
  return bytes.toString("hex");
}

const epoch = (ms: number): unknown => tag({ tag: 1, value: ms });
const all = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));

beforeAll(async () => {
  k = await kinesisUnderTest({ now: () => clock });
});
afterAll(() => k.dispose());

describe("Kinesis stand-in over CBOR (application/x-amz-cbor-1.1), on the wire", () => {
  let put: Record<string, unknown>;
  let batch: Record<string, unknown>;

  it("CreateStream: an empty 200 in CBOR", async () => {
    const created = await send("CreateStream", { StreamName: "cbor", ShardCount: 2 });
    expect([created.status, created.contentType, created.bytes.length]).toEqual([200, CBOR_TYPE, 0]);
  });

  it("DescribeStreamSummary: every member, the creation time as tag 1 around epoch milliseconds", async () => {
    const answer = await send("DescribeStreamSummary", { StreamName: "cbor" });
    // An indefinite-length map, as Kinesis writes its answers.
    expect(answer.bytes[0]).toBe(0xbf);
    expect(answer.bytes.toString("hex")).toContain(epochBytes(createdMs));
    const summary = ok(answer).StreamDescriptionSummary as Record<string, unknown>;
    expect(summary.StreamName).toBe("cbor");
    expect(summary.StreamARN).toBe(`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/cbor`);
    expect(summary.StreamStatus).toBe("ACTIVE");
    expect(summary.StreamModeDetails).toEqual({ StreamMode: "PROVISIONED" });
    expect(summary.RetentionPeriodHours).toBe(24);
    expect(summary.StreamCreationTimestamp).toEqual(epoch(createdMs));
    expect(summary.EnhancedMonitoring).toEqual([{ ShardLevelMetrics: [] }]);
    expect(summary.EncryptionType).toBe("NONE");
    expect(summary.OpenShardCount).toBe(2);
    expect(summary.ConsumerCount).toBe(0);
    expect(Object.keys(summary)).toHaveLength(10);
  });

  it("PutRecord: Data as a byte string, every byte value", async () => {
    put = ok(await send("PutRecord", { StreamName: "cbor", PartitionKey: "partition-1", Data: all }));
    expect(Object.keys(put)).toEqual(["SequenceNumber", "ShardId"]);
    expect(put.SequenceNumber).toMatch(/^\d{56}$/);
    // md5("partition-1") falls in the upper half of the hash key space.
    expect(put.ShardId).toBe("shardId-000000000001");
  });

  it("PutRecords: a body with indefinite-length maps and arrays, as the Java SDKs' Jackson writes it", async () => {
    const records = ["b0", "b1", "b2"].map((data) => ({ Data: Buffer.from(data), PartitionKey: "partition-1" }));
    const body = encodeCbor({ Records: records, StreamName: "cbor" }, { indefinite: true });
    expect(body.subarray(0, 1).toString("hex")).toBe("bf");
    batch = ok(await call("PutRecords", body));
    expect(batch.FailedRecordCount).toBe(0);
    const results = batch.Records as Record<string, unknown>[];
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(Object.keys(result)).toEqual(["SequenceNumber", "ShardId"]);
      expect(result.ShardId).toBe("shardId-000000000001");
    }
    const sequence = results.map((result) => BigInt(result.SequenceNumber as string));
    expect(sequence[0]).toBeGreaterThan(BigInt(put.SequenceNumber as string));
    expect([...sequence].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequence);
  });

  it("GetShardIterator and GetRecords: the records back, Data as bytes, arrival times to the millisecond", async () => {
    const shard = { StreamName: "cbor", ShardId: "shardId-000000000001" };
    const trim = ok(await send("GetShardIterator", { ...shard, ShardIteratorType: "TRIM_HORIZON" }));
    expect(typeof trim.ShardIterator).toBe("string");
    const answer = await send("GetRecords", { ShardIterator: trim.ShardIterator });
    expect(answer.bytes.toString("hex")).toContain(epochBytes(clock));
    const got = ok(answer);
    const records = got.Records as Record<string, unknown>[];
    const expected = [
      { SequenceNumber: put.SequenceNumber, Data: all },
      ...(batch.Records as Record<string, unknown>[]).map((result, i) => ({
        SequenceNumber: result.SequenceNumber,
        Data: Buffer.from(`b${i}`),
      })),
    ];
    expect(records).toHaveLength(expected.length);
    records.forEach((record, i) => {
      expect(Object.keys(record)).toEqual(["SequenceNumber", "ApproximateArrivalTimestamp", "Data", "PartitionKey"]);
      expect(record.SequenceNumber).toBe(expected[i]?.SequenceNumber);
      expect(record.ApproximateArrivalTimestamp).toEqual(epoch(clock));
      expect(Buffer.from(record.Data as Uint8Array).equals(Buffer.from(expected[i]?.Data as Uint8Array))).toBe(true);
      expect(record.PartitionKey).toBe("partition-1");
    });
    expect(got.MillisBehindLatest).toBe(0);
    expect(typeof got.NextShardIterator).toBe("string");

    // A timestamp sent as the SDKs send it: tag 1 around epoch milliseconds.
    const at = ok(
      await send("GetShardIterator", { ...shard, ShardIteratorType: "AT_TIMESTAMP", Timestamp: epoch(clock) }),
    );
    const fromTime = ok(await send("GetRecords", { ShardIterator: at.ShardIterator }));
    expect((fromTime.Records as unknown[]).length).toBe(4);

    // The JSON protocol reads the same records from the same iterator: one set of values, two formats.
    const json = await k.client.send(new GetRecordsCommand({ ShardIterator: trim.ShardIterator as string }));
    expect(json.Records?.map((record) => record.SequenceNumber)).toEqual(expected.map((e) => e.SequenceNumber));
    expect(Buffer.from(json.Records?.[0]?.Data ?? []).equals(Buffer.from(all))).toBe(true);
    expect(json.Records?.[0]?.ApproximateArrivalTimestamp?.getTime()).toBe(clock);
  });

  it("ResourceNotFoundException: a 400 in CBOR with __type and message", async () => {
    const missing = await send("DescribeStreamSummary", { StreamName: "nope" });
    expect([missing.status, missing.contentType]).toEqual([400, CBOR_TYPE]);
    expect(missing.value).toEqual({
      __type: "ResourceNotFoundException",
      message: `Stream nope under account ${ACCOUNT} not found.`,
    });
    const shard = await send("GetShardIterator", {
      StreamName: "cbor",
      ShardId: "shardId-000000000007",
      ShardIteratorType: "LATEST",
    });
    expect([shard.status, shard.value]).toEqual([
      400,
      {
        __type: "ResourceNotFoundException",
        message: `Shard shardId-000000000007 in stream cbor under account ${ACCOUNT} does not exist`,
      },
    ]);
  });

  it("SerializationException for a body that is not CBOR", async () => {
    const answer = await call("ListStreams", Buffer.from("{}"));
    expect([answer.status, answer.contentType, answer.value]).toEqual([
      400,
      CBOR_TYPE,
      { __type: "SerializationException" },
    ]);
  });
});
