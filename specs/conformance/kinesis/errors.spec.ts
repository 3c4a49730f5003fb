import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, call, kinesisUnderTest, raw, sdkError, SIGNED, type KinesisUnderTest } from "./support.ts";

/** Every error below is a 400 with this body, read raw and through the SDK. */
interface Expected {
  type: string;
  message?: string;
}

let k: KinesisUnderTest;
let clock = Date.UTC(2026, 0, 22, 1, 22, 2);
beforeAll(async () => {
  k = await kinesisUnderTest({ now: () => clock, shardLimit: 10 });
  await k.client.send(new CreateStreamCommand({ StreamName: "s", ShardCount: 2 }));
});
afterAll(() => k.dispose());

async function expectError(
  action: string,
  body: unknown,
  sdkCall: () => Promise<unknown>,
  expected: Expected,
): Promise<void> {
  const response = await call(k.kinesis, action, body);
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
  const wire =
    expected.message === undefined ? { __type: expected.type } : { __type: expected.type, message: expected.message };
  expect(response.text).toBe(JSON.stringify(wire));
  const error = await sdkError(sdkCall());
  expect(error.name).toBe(expected.type);
  if (expected.message !== undefined) expect(error.message).toBe(expected.message);
  expect(error.status).toBe(400);
}

const shard0 = { StreamName: "s", ShardId: "shardId-000000000000" } as const;

describe("Kinesis stand-in: errors, raw and through the SDK", () => {
  it("ResourceNotFoundException for a stream that is not there", async () => {
    await expectError(
      "DescribeStream",
      { StreamName: "foo" },
      () => k.client.send(new DescribeStreamCommand({ StreamName: "foo" })),
      { type: "ResourceNotFoundException", message: `Stream foo under account ${ACCOUNT} not found.` },
    );
    await expectError(
      "GetShardIterator",
      { ...shard0, ShardId: "shardId-000000000007", ShardIteratorType: "LATEST" },
      () =>
        k.client.send(new GetShardIteratorCommand({ ...shard0, ShardId: "shardId-7", ShardIteratorType: "LATEST" })),
      {
        type: "ResourceNotFoundException",
        message: `Shard shardId-000000000007 in stream s under account ${ACCOUNT} does not exist`,
      },
    );
    await expectError(
      "GetShardIterator",
      { ...shard0, ShardId: "shard-abc", ShardIteratorType: "LATEST" },
      () =>
        k.client.send(new GetShardIteratorCommand({ ...shard0, ShardId: "shard-abc", ShardIteratorType: "LATEST" })),
      {
        type: "ResourceNotFoundException",
        message: `Could not find shard shard-abc in stream s under account ${ACCOUNT}.`,
      },
    );
  });

  it("ResourceInUseException for a stream that exists", async () => {
    await expectError(
      "CreateStream",
      { StreamName: "s", ShardCount: 1 },
      () => k.client.send(new CreateStreamCommand({ StreamName: "s", ShardCount: 1 })),
      { type: "ResourceInUseException", message: `Stream s under account ${ACCOUNT} already exists.` },
    );
  });

  it("LimitExceededException past the account's shard quota", async () => {
    const error = await sdkError(k.client.send(new CreateStreamCommand({ StreamName: "big", ShardCount: 9 })));
    expect(error.name).toBe("LimitExceededException");
    expect(error.message).toMatch(
      /^This request would exceed the shard limit for the account 000000000000 in us-east-1\. Current shard count for the account: 2\. Limit: 10\./,
    );
  });

  it("InvalidArgumentException for iterator types and sequence numbers that do not fit", async () => {
    await expectError(
      "GetShardIterator",
      { ...shard0, ShardIteratorType: "AT_SEQUENCE_NUMBER" },
      () => k.client.send(new GetShardIteratorCommand({ ...shard0, ShardIteratorType: "AT_SEQUENCE_NUMBER" })),
      {
        type: "InvalidArgumentException",
        message:
          "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) " +
          "TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no " +
          "StartingSequenceNumber.",
      },
    );
    const put = await k.client.send(
      new PutRecordCommand({ StreamName: "s", PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: "0" }),
    );
    const seq = put.SequenceNumber as string;
    await expectError(
      "GetShardIterator",
      { ...shard0, ShardIteratorType: "LATEST", StartingSequenceNumber: seq },
      () =>
        k.client.send(
          new GetShardIteratorCommand({ ...shard0, ShardIteratorType: "LATEST", StartingSequenceNumber: seq }),
        ),
      {
        type: "InvalidArgumentException",
        message:
          "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) " +
          "TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified LATEST and also a StartingSequenceNumber.",
      },
    );
    const other = {
      ...shard0,
      ShardId: "shardId-000000000001",
      ShardIteratorType: "AT_SEQUENCE_NUMBER" as const,
      StartingSequenceNumber: seq,
    };
    await expectError("GetShardIterator", other, () => k.client.send(new GetShardIteratorCommand(other)), {
      type: "InvalidArgumentException",
      message:
        "Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with " +
        "shardId-000000000001",
    });
    const made = { ...shard0, ShardIteratorType: "AT_SEQUENCE_NUMBER" as const, StartingSequenceNumber: "12345" };
    await expectError("GetShardIterator", made, () => k.client.send(new GetShardIteratorCommand(made)), {
      type: "InvalidArgumentException",
      message: `StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 in stream s under account ${ACCOUNT} is invalid.`,
    });
    await expectError(
      "GetRecords",
      { ShardIterator: "AAAAAAAAAAEnot-an-iterator" },
      () => k.client.send(new GetRecordsCommand({ ShardIterator: "AAAAAAAAAAEnot-an-iterator" })),
      { type: "InvalidArgumentException", message: "Invalid ShardIterator." },
    );
  });

  it("InvalidArgumentException for a batch over 5 MiB", async () => {
    const big = Buffer.alloc(1048576 - 1, 1);
    const records = Array.from({ length: 6 }, () => ({ PartitionKey: "k", Data: big }));
    const error = await sdkError(k.client.send(new PutRecordsCommand({ StreamName: "s", Records: records })));
    expect(error).toEqual({
      name: "InvalidArgumentException",
      message: "Records size exceeds 5 MB limit",
      status: 400,
    });
  });

  it("ValidationException in the service's words", async () => {
    await expectError(
      "DescribeStream",
      { StreamName: "bad name!" },
      () => k.client.send(new DescribeStreamCommand({ StreamName: "bad name!" })),
      {
        type: "ValidationException",
        message:
          "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must " +
          "satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      },
    );
    const key = "k".repeat(257);
    await expectError(
      "PutRecord",
      { StreamName: "s", PartitionKey: key, Data: "" },
      () => k.client.send(new PutRecordCommand({ StreamName: "s", PartitionKey: key, Data: new Uint8Array() })),
      {
        type: "ValidationException",
        message: `1 validation error detected: Value '${key}' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`,
      },
    );
    const data = Buffer.alloc(1048577);
    await expectError(
      "PutRecord",
      { StreamName: "s", PartitionKey: "k", Data: data.toString("base64") },
      () => k.client.send(new PutRecordCommand({ StreamName: "s", PartitionKey: "k", Data: data })),
      {
        type: "ValidationException",
        message:
          "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed " +
          "to satisfy constraint: Member must have length less than or equal to 1048576",
      },
    );
    const records = Array.from({ length: 501 }, () => ({ PartitionKey: "k", Data: new Uint8Array() }));
    const tooMany = await sdkError(k.client.send(new PutRecordsCommand({ StreamName: "s", Records: records })));
    expect(tooMany.name).toBe("ValidationException");
    expect(tooMany.message).toMatch(
      /^1 validation error detected: Value '\[.*\]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/,
    );
    const limit = await sdkError(k.client.send(new GetRecordsCommand({ ShardIterator: "x", Limit: 10001 })));
    expect(limit.message).toBe(
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
  });

  it("ExpiredIteratorException five minutes after the iterator was handed out", async () => {
    const { ShardIterator } = await k.client.send(
      new GetShardIteratorCommand({ ...shard0, ShardIteratorType: "TRIM_HORIZON" }),
    );
    clock += 300_001;
    await expectError("GetRecords", { ShardIterator }, () => k.client.send(new GetRecordsCommand({ ShardIterator })), {
      type: "ExpiredIteratorException",
      message:
        "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC 2026 while right now it is " +
        "Thu Jan 22 01:27:02 UTC 2026 which is further in the future than the tolerated delay of 300000 milliseconds.",
    });
  });

  it("ProvisionedThroughputExceededException past a shard's 1,000 records a second, per record in PutRecords", async () => {
    clock += 10_000;
    const toShard1 = Array.from({ length: 500 }, () => ({
      PartitionKey: "k",
      ExplicitHashKey: (2n ** 128n - 1n).toString(),
      Data: new Uint8Array(),
    }));
    await k.client.send(new PutRecordsCommand({ StreamName: "s", Records: toShard1 }));
    await k.client.send(new PutRecordsCommand({ StreamName: "s", Records: toShard1 }));
    const third = await k.client.send(
      new PutRecordsCommand({
        StreamName: "s",
        Records: [
          toShard1[0] as (typeof toShard1)[number],
          { PartitionKey: "k", ExplicitHashKey: "0", Data: new Uint8Array() },
        ],
      }),
    );
    expect(third.FailedRecordCount).toBe(1);
    expect(third.Records?.[0]).toEqual({
      ErrorCode: "ProvisionedThroughputExceededException",
      ErrorMessage: `Rate exceeded for shard shardId-000000000001 in stream s under account ${ACCOUNT}.`,
    });
    expect(third.Records?.[1]?.ShardId).toBe("shardId-000000000000");
    const single = { StreamName: "s", PartitionKey: "k", ExplicitHashKey: (2n ** 128n - 1n).toString(), Data: "" };
    await expectError(
      "PutRecord",
      single,
      () => k.client.send(new PutRecordCommand({ ...single, Data: new Uint8Array() })),
      {
        type: "ProvisionedThroughputExceededException",
        message: `Rate exceeded for shard shardId-000000000001 in stream s under account ${ACCOUNT}.`,
      },
    );
  });

  it("protocol errors: unknown operation, malformed JSON, wrong types, no signature", async () => {
    const headers = { ...SIGNED, "content-type": "application/x-amz-json-1.1" };
    const unknown = await raw(k.kinesis, {
      headers: { ...headers, "x-amz-target": "Kinesis_20131202.Nope" },
      body: "{}",
    });
    expect([unknown.status, unknown.text]).toEqual([400, '{"__type":"UnknownOperationException"}']);
    const malformed = await call(k.kinesis, "ListStreams", "{not json");
    expect([malformed.status, malformed.text]).toEqual([400, '{"__type":"SerializationException"}']);
    const wrongType = await call(k.kinesis, "ListStreams", { Limit: "ten" });
    expect([wrongType.status, wrongType.text]).toEqual([
      400,
      '{"__type":"SerializationException","Message":"class java.lang.String can not be converted to an Integer"}',
    ]);
    const unsigned = await raw(k.kinesis, {
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Kinesis_20131202.ListStreams" },
      body: "{}",
    });
    expect([unsigned.status, unsigned.text]).toEqual([
      400,
      '{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}',
    ]);
    const browser = await raw(k.kinesis, { method: "GET" });
    expect(browser.status).toBe(403);
    expect(browser.text).toContain("<MissingAuthenticationTokenException>");
  });
});
