import { afterEach, describe, expect, it } from "vitest";
import { WriteLimiter } from "../../../harness/components/kinesis/write-limits.ts";
import { clockedKinesis, errorOf, type ClockedKinesis } from "./clocked-kinesis.ts";

describe("Kinesis write limits: the window", () => {
  it("takes 1,000 records or 1 MiB per shard in any second, and what a refused record asked for is not counted", () => {
    const limiter = new WriteLimiter();
    for (let i = 0; i < 1000; i++) expect(limiter.admit("s/0", 1, 1000 + i / 10)).toBe(true);
    expect(limiter.admit("s/0", 1, 1099)).toBe(false);
    expect(limiter.admit("s/1", 1, 1099)).toBe(true);
    // One second after the first records, their share is free again.
    expect(limiter.admit("s/0", 1, 2000.5)).toBe(true);

    const bytes = new WriteLimiter();
    expect(bytes.admit("s/0", 1048576, 0)).toBe(true);
    expect(bytes.admit("s/0", 1, 999)).toBe(false);
    expect(bytes.admit("s/0", 1, 1000)).toBe(true);
  });
});

describe("Kinesis write limits: through the API", () => {
  let k: ClockedKinesis;
  afterEach(() => k.close());

  it("fails the records past a shard's limit alone, each with its own error, as PutRecords does", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 2 });
    // ExplicitHashKey 0 goes to shard 0, 2^128-1 to shard 1.
    const toShard0 = (n: number): unknown[] =>
      Array.from({ length: n }, () => ({ PartitionKey: "k", ExplicitHashKey: "0", Data: "" }));
    expect(k.call("PutRecords", { StreamName: "s", Records: toShard0(500) }).json().FailedRecordCount).toBe(0);
    expect(k.call("PutRecords", { StreamName: "s", Records: toShard0(300) }).json().FailedRecordCount).toBe(0);
    // Records 801 to 1000 fit in shard 0's second; the next one does not; shard 1 has room.
    const mixed = [
      ...toShard0(200),
      ...toShard0(1),
      { PartitionKey: "k", ExplicitHashKey: (2n ** 128n - 1n).toString(), Data: "" },
    ];
    const answer = k.call("PutRecords", { StreamName: "s", Records: mixed }).json() as {
      FailedRecordCount: number;
      Records: Record<string, string>[];
    };
    expect(answer.FailedRecordCount).toBe(1);
    expect(answer.Records[200]).toEqual({
      ErrorCode: "ProvisionedThroughputExceededException",
      ErrorMessage: "Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000.",
    });
    expect(answer.Records[201]).toMatchObject({ ShardId: "shardId-000000000001" });
    expect(answer.Records[199]).toMatchObject({ ShardId: "shardId-000000000000" });

    expect(
      errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", ExplicitHashKey: "0", Data: "" })),
    ).toEqual({
      __type: "ProvisionedThroughputExceededException",
      message: "Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000.",
    });
    k.advance(1000);
    expect(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", ExplicitHashKey: "0", Data: "" }).status).toBe(
      200,
    );
  });

  it("can be turned off", () => {
    k = clockedKinesis({ writeLimits: false });
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    for (let i = 0; i < 3; i++) {
      const records = Array.from({ length: 500 }, () => ({ PartitionKey: "k", Data: "" }));
      expect(k.call("PutRecords", { StreamName: "s", Records: records }).json().FailedRecordCount).toBe(0);
    }
  });
});
