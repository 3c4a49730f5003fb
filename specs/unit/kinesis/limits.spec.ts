import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clockedKinesis, errorOf, type ClockedKinesis } from "./clocked-kinesis.ts";

const MIB = 1048576;
const base64Of = (bytes: number): string => Buffer.alloc(bytes, 7).toString("base64");
const validation = (...errors: string[]): Record<string, string> => ({
  __type: "ValidationException",
  message: `${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: ${errors.join("; ")}`,
});

let k: ClockedKinesis;
beforeEach(() => {
  k = clockedKinesis({ writeLimits: false });
  k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
});
afterEach(() => k.close());

describe("Kinesis limits: records", () => {
  it("takes partition keys of 1 to 256 characters", () => {
    expect(k.call("PutRecord", { StreamName: "s", PartitionKey: "p".repeat(256), Data: "" }).status).toBe(200);
    expect(errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "p".repeat(257), Data: "" }))).toEqual(
      validation(
        `Value '${"p".repeat(257)}' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`,
      ),
    );
    expect(errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "", Data: "" }))).toEqual(
      validation(
        "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    );
    expect(errorOf(k.call("PutRecord", { StreamName: "s", Data: "" }))).toEqual(
      validation("Value null at 'partitionKey' failed to satisfy constraint: Member must not be null"),
    );
  });

  it("takes records of up to 1 MiB, partition key included, counted after base64 decoding", () => {
    expect(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: base64Of(MIB - 1) }).status).toBe(200);
    expect(errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: base64Of(MIB + 1) }))).toEqual(
      validation(
        "Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: " +
          "Member must have length less than or equal to 1048576",
      ),
    );
    // The data alone fits, with the key it does not.
    expect(errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: base64Of(MIB) }))).toEqual(
      validation("Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576"),
    );
    const batch = k.call("PutRecords", {
      StreamName: "s",
      Records: [
        { PartitionKey: "k", Data: "" },
        { PartitionKey: "k", Data: base64Of(MIB) },
      ],
    });
    expect(errorOf(batch)).toEqual(
      validation(
        "Value at 'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
      ),
    );
  });

  it("takes 1 to 500 records per PutRecords", () => {
    const records = (n: number): unknown[] => Array.from({ length: n }, () => ({ PartitionKey: "k", Data: "" }));
    const answer = k.call("PutRecords", { StreamName: "s", Records: records(500) });
    expect(answer.json()).toMatchObject({ FailedRecordCount: 0 });
    const tooMany = errorOf(k.call("PutRecords", { StreamName: "s", Records: records(501) }));
    expect(tooMany.message).toMatch(
      /^1 validation error detected: Value '\[com\.amazonaws\.kinesis\.v20131202\.PutRecordsRequestEntry@[0-9a-f]+(, com\.amazonaws\.kinesis\.v20131202\.PutRecordsRequestEntry@[0-9a-f]+){500}\]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/,
    );
    expect(errorOf(k.call("PutRecords", { StreamName: "s", Records: [] }))).toEqual(
      validation(
        "Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    );
  });

  it("needs every PutRecords entry to be there", () => {
    expect(errorOf(k.call("PutRecords", { StreamName: "s", Records: [null, { PartitionKey: "k" }] }))).toEqual(
      validation(
        "Value null at 'records.1.member' failed to satisfy constraint: Member must not be null",
        "Value null at 'records.2.member.data' failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it("takes at most 5 MiB of data and partition keys per PutRecords", () => {
    const fits = Array.from({ length: 5 }, () => ({ PartitionKey: "key", Data: base64Of(MIB - 3) }));
    expect(k.call("PutRecords", { StreamName: "s", Records: fits }).json()).toMatchObject({ FailedRecordCount: 0 });
    const over = [...fits, { PartitionKey: "k", Data: "" }];
    expect(errorOf(k.call("PutRecords", { StreamName: "s", Records: over }))).toEqual({
      __type: "InvalidArgumentException",
      message: "Records size exceeds 5 MB limit",
    });
  });

  it("takes explicit hash keys in 0..2^128-1", () => {
    const top = (2n ** 128n - 1n).toString();
    expect(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "", ExplicitHashKey: top }).status).toBe(
      200,
    );
    const over = (2n ** 128n).toString();
    expect(
      errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "", ExplicitHashKey: over })),
    ).toEqual({
      __type: "InvalidArgumentException",
      message: `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${over}`,
    });
    expect(
      errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "", ExplicitHashKey: "-1" })),
    ).toEqual(
      validation(
        "Value '-1' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
      ),
    );
  });
});

describe("Kinesis limits: reads, streams and shards", () => {
  it("takes a GetRecords Limit of 1 to 10000", () => {
    const iterator = k
      .call("GetShardIterator", { StreamName: "s", ShardId: "shardId-0", ShardIteratorType: "LATEST" })
      .json().ShardIterator as string;
    expect(k.call("GetRecords", { ShardIterator: iterator, Limit: 10000 }).status).toBe(200);
    expect(errorOf(k.call("GetRecords", { ShardIterator: iterator, Limit: 0 }))).toEqual(
      validation(
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ),
    );
    expect(errorOf(k.call("GetRecords", { ShardIterator: iterator, Limit: 10001 }))).toEqual(
      validation(
        "Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      ),
    );
  });

  it("names every broken constraint of a request, up to ten", () => {
    const name = "a".repeat(129);
    expect(errorOf(k.call("CreateStream", { StreamName: name, ShardCount: 0 }))).toEqual(
      validation(
        "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
        `Value '${name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`,
      ),
    );
    expect(errorOf(k.call("CreateStream", { StreamName: "", ShardCount: 1 }))).toEqual(
      validation(
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    );
    const records = Array.from({ length: 12 }, () => ({ PartitionKey: "", Data: "" }));
    const many = errorOf(k.call("PutRecords", { StreamName: "s", Records: records })).message as string;
    expect(many.startsWith("10 validation errors detected: ")).toBe(true);
    expect(many.split("; ")).toHaveLength(10);
  });

  it("keeps an account within its shard quota", () => {
    const small = clockedKinesis({ shardLimit: 5 });
    try {
      small.call("CreateStream", { StreamName: "a", ShardCount: 3 });
      expect(errorOf(small.call("CreateStream", { StreamName: "b", ShardCount: 3 }))).toEqual({
        __type: "LimitExceededException",
        message:
          "This request would exceed the shard limit for the account 000000000000 in us-east-1. Current shard count " +
          "for the account: 3. Limit: 5. Number of additional shards that would have resulted from this request: 3. " +
          "Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) " +
          "for current limits and how to request higher limits.",
      });
      expect(small.call("CreateStream", { StreamName: "b", ShardCount: 2 }).status).toBe(200);
    } finally {
      small.close();
    }
  });
});

describe("Kinesis limits: what the JSON reader refuses", () => {
  const serialization = (message: string): Record<string, string> => ({
    __type: "SerializationException",
    Message: message,
  });

  it("refuses values of the wrong JSON type, in the reader's own words", () => {
    expect(errorOf(k.call("DescribeStream", { StreamName: true }))).toEqual(
      serialization("class java.lang.Boolean can not be converted to an String"),
    );
    expect(errorOf(k.call("DescribeStream", { StreamName: 12 }))).toEqual(
      serialization("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"),
    );
    expect(errorOf(k.call("CreateStream", { StreamName: "x", ShardCount: "1" }))).toEqual(
      serialization("class java.lang.String can not be converted to an Integer"),
    );
    expect(errorOf(k.call("PutRecords", { StreamName: "s", Records: {} }))).toEqual(
      serialization("Start of structure or map found where not expected."),
    );
    expect(errorOf(k.call("PutRecords", { StreamName: "s", Records: "x" }))).toEqual(
      serialization("Expected list or null"),
    );
    expect(
      errorOf(
        k.call("GetShardIterator", {
          StreamName: "s",
          ShardId: "0",
          ShardIteratorType: "AT_TIMESTAMP",
          Timestamp: "2015-01-01",
        }),
      ),
    ).toEqual(serialization("class java.lang.String can not be converted to milliseconds since epoch"));
  });

  it("refuses data that is not canonical base64", () => {
    const put = (data: string): Record<string, unknown> =>
      errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: data }));
    expect(put("abc")).toEqual(
      serialization(
        "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3",
      ),
    );
    expect(put("ab!=")).toEqual(serialization("'ab!=' can not be converted to a Blob: Invalid Base64 character: '!'"));
    expect(put("YR==")).toEqual(
      serialization("'YR==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"),
    );
    // A JSON row sent as it is, not base64-encoded (what a mapping template that forgets base64Encode sends).
    expect(put('{"index": 1}').Message).toMatch(/can not be converted to a Blob/);
  });

  it("drops members it does not know and treats null as absent", () => {
    expect(k.call("DescribeStreamSummary", { StreamName: "s", Unknown: [1, 2], Limit: null }).status).toBe(200);
  });
});
