import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { KinesisError } from "../../../harness/components/kinesis/errors.ts";
import { javaUtcDate } from "../../../harness/components/kinesis/java-date.ts";
import { ITERATOR_LIFETIME_MS, shardIterators } from "../../../harness/components/kinesis/shard-iterators.ts";
import { clockedKinesis, errorOf, START_MS, type ClockedKinesis } from "./clocked-kinesis.ts";

const position = {
  streamName: "stream-1",
  streamCreatedMs: START_MS - 1000,
  shardIndex: 2,
  sequenceNumber: "49546986683135544286507457936321625675700192471156785154",
  after: true,
};

function thrown(action: () => unknown): KinesisError {
  try {
    action();
  } catch (error) {
    if (error instanceof KinesisError) return error;
    throw error;
  }
  throw new Error("nothing was thrown");
}

describe("Kinesis shard iterators", () => {
  const iterators = shardIterators(randomBytes(32));

  it("are opaque base64 that starts as Kinesis's do and reads back to its position", () => {
    const iterator = iterators.encode(position, START_MS);
    // Eight bytes 0…01, then the sealed position: "AAAAAAAAAAE…" to "AAAAAAAAAAH…", as Kinesis's look.
    expect(iterator).toMatch(/^AAAAAAAAAA[EFGH]/);
    expect(iterator.length).toBeLessThanOrEqual(512);
    expect(Buffer.from(iterator, "base64").toString("base64")).toBe(iterator);
    expect(iterator).not.toContain("stream-1");
    expect(iterators.decode(iterator, START_MS + 1000)).toEqual(position);
    // Each call hands out a new string for the same position.
    expect(iterators.encode(position, START_MS)).not.toBe(iterator);
  });

  it("are good for exactly five minutes, then ExpiredIteratorException with Kinesis's wording", () => {
    const iterator = iterators.encode(position, START_MS);
    expect(iterators.decode(iterator, START_MS + ITERATOR_LIFETIME_MS)).toEqual(position);
    const error = thrown(() => iterators.decode(iterator, START_MS + ITERATOR_LIFETIME_MS + 1));
    expect(error.body()).toEqual({
      __type: "ExpiredIteratorException",
      message:
        "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC 2015 while right now it is " +
        "Thu Jan 22 01:27:02 UTC 2015 which is further in the future than the tolerated delay of 300000 milliseconds.",
    });
  });

  it("refuse anything else as an invalid ShardIterator", () => {
    const iterator = iterators.encode(position, START_MS);
    const bytes = Buffer.from(iterator, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    const tampered = bytes.toString("base64");
    const otherKey = shardIterators(randomBytes(32)).encode(position, START_MS);
    const header = Buffer.from(iterator, "base64");
    header[7] = 2;
    const otherVersion = header.toString("base64");
    for (const bad of ["x", "AAAAAAAAAAE=", tampered, otherKey, `${iterator}A`, otherVersion]) {
      expect(thrown(() => iterators.decode(bad, START_MS)).body()).toEqual({
        __type: "InvalidArgumentException",
        message: "Invalid ShardIterator.",
      });
    }
    // One from the future cannot have come from this server either.
    expect(thrown(() => iterators.decode(iterator, START_MS - 1)).type).toBe("InvalidArgumentException");
  });

  it("print times as java.util.Date does", () => {
    expect(javaUtcDate(Date.UTC(2026, 2, 5, 9, 4, 7))).toBe("Thu Mar 05 09:04:07 UTC 2026");
  });
});

describe("Kinesis shard iterators through GetRecords", () => {
  let k: ClockedKinesis;
  afterEach(() => k.close());

  it("expire five minutes after GetShardIterator or the GetRecords that handed them out", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    const first = k
      .call("GetShardIterator", { StreamName: "s", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" })
      .json().ShardIterator as string;
    k.advance(299_000);
    const next = k.call("GetRecords", { ShardIterator: first }).json().NextShardIterator as string;
    k.advance(2_000);
    expect(errorOf(k.call("GetRecords", { ShardIterator: first })).__type).toBe("ExpiredIteratorException");
    // The newer iterator is only two seconds old.
    expect(k.call("GetRecords", { ShardIterator: next }).status).toBe(200);
  });

  it("stay good across a restart in place", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    k.call("PutRecord", { StreamName: "s", PartitionKey: "a", Data: "YQ==" });
    const iterator = k
      .call("GetShardIterator", { StreamName: "s", ShardId: "shardId-0", ShardIteratorType: "TRIM_HORIZON" })
      .json().ShardIterator as string;
    k = k.reopen();
    const records = k.call("GetRecords", { ShardIterator: iterator }).json().Records as { Data: string }[];
    expect(records.map((record) => record.Data)).toEqual(["YQ=="]);
  });

  it("of a deleted stream do not read a new stream of the same name", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    const iterator = k
      .call("GetShardIterator", { StreamName: "s", ShardId: "shardId-0", ShardIteratorType: "TRIM_HORIZON" })
      .json().ShardIterator as string;
    k.call("DeleteStream", { StreamName: "s" });
    k.advance(1);
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    expect(errorOf(k.call("GetRecords", { ShardIterator: iterator }))).toEqual({
      __type: "ResourceNotFoundException",
      message: "Shard shardId-000000000000 in stream s under account 000000000000 does not exist",
    });
  });
});
