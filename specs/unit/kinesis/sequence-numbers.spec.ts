import { afterEach, describe, expect, it } from "vitest";
import {
  formatSequenceNumber,
  nextCounter,
  parseSequenceNumber,
  startingSequenceNumber,
} from "../../../harness/components/kinesis/sequence-numbers.ts";
import { clockedKinesis, START_MS, type ClockedKinesis } from "./clocked-kinesis.ts";

describe("Kinesis sequence numbers: the form", () => {
  it("are 56 decimal digits that read back into their parts", () => {
    const parts = { shardCreatedSecs: 1421889722, shardIndex: 3, counter: 123456789n, arrivalSecs: 1421889800 };
    const text = formatSequenceNumber(parts);
    expect(text).toMatch(/^\d{56}$/);
    expect(text.startsWith("49")).toBe(true);
    expect(parseSequenceNumber(text)).toEqual(parts);
    // In hex: version 2, creation second, the shard's low digit, counter, 00, arrival second, shard index, 2.
    expect(BigInt(text).toString(16)).toMatch(/^20[0-9a-f]{8}3[0-9a-f]{16}000[0-9a-f]{8}000000032$/);
  });

  it("gives each shard a starting number 2^144 + 16 above the previous shard's, as Kinesis does", () => {
    const first = BigInt(startingSequenceNumber(START_MS, 0));
    const second = BigInt(startingSequenceNumber(START_MS, 1));
    const third = BigInt(startingSequenceNumber(START_MS, 2));
    expect(second - first).toBe(22300745198530623141535718272648361505980432n);
    expect(third - second).toBe(22300745198530623141535718272648361505980432n);
  });

  it("refuses numbers Kinesis did not give", () => {
    expect(parseSequenceNumber("0")).toBeUndefined();
    expect(parseSequenceNumber("12345")).toBeUndefined();
    expect(parseSequenceNumber("9".repeat(56))).toBeUndefined();
    const valid = formatSequenceNumber({ shardCreatedSecs: 1, shardIndex: 1, counter: 1n, arrivalSecs: 1 });
    // Changing the last digit breaks the trailing version nibble.
    expect(parseSequenceNumber(valid.slice(0, -1) + String((Number(valid.at(-1)) + 1) % 10))).toBeUndefined();
  });

  it("counts microseconds since the shard was made, and at least one per record", () => {
    expect(nextCounter(0n, START_MS, START_MS + 5)).toBe(5000n);
    expect(nextCounter(5000n, START_MS, START_MS + 5)).toBe(5001n);
    // A clock that goes back still gives a higher counter.
    expect(nextCounter(9000n, START_MS, START_MS + 1)).toBe(9001n);
    expect(nextCounter(0n, START_MS, START_MS - 10)).toBe(1n);
  });
});

describe("Kinesis sequence numbers: in a shard", () => {
  let k: ClockedKinesis;
  afterEach(() => k.close());

  it("strictly increase, compare as integers, stay above the shard's start and grow with the time between puts", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    const numbers: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = k.call("PutRecord", { StreamName: "s", PartitionKey: `k${i}`, Data: "" });
      numbers.push(BigInt(answer.json().SequenceNumber as string));
    }
    // Same millisecond: one step each. Then a pause of a minute: a much larger step.
    for (let i = 1; i < numbers.length; i++)
      expect((numbers[i] as bigint) - (numbers[i - 1] as bigint)).toBe(1n << 80n);
    k.advance(60_000);
    const later = BigInt(
      k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "" }).json().SequenceNumber as string,
    );
    expect(later - (numbers.at(-1) as bigint)).toBeGreaterThan(59_000_000n << 80n);

    const described = k.call("DescribeStream", { StreamName: "s" }).json() as {
      StreamDescription: { Shards: { SequenceNumberRange: { StartingSequenceNumber: string } }[] };
    };
    const start = BigInt(described.StreamDescription.Shards[0]?.SequenceNumberRange.StartingSequenceNumber ?? "0");
    expect(start).toBeLessThan(numbers[0] as bigint);
  });

  it("keep increasing after a restart and after the clock went back", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    k.advance(20_000);
    const before = BigInt(
      k.call("PutRecord", { StreamName: "s", PartitionKey: "a", Data: "" }).json().SequenceNumber as string,
    );
    k = k.reopen();
    k.advance(-10_000);
    const after = BigInt(
      k.call("PutRecord", { StreamName: "s", PartitionKey: "a", Data: "" }).json().SequenceNumber as string,
    );
    expect(after).toBeGreaterThan(before);
  });

  it("honour SequenceNumberForOrdering: the new number is above the one given", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    const first = k.call("PutRecord", { StreamName: "s", PartitionKey: "a", Data: "" }).json().SequenceNumber as string;
    const parts = parseSequenceNumber(first);
    const ahead = formatSequenceNumber({
      ...(parts as NonNullable<typeof parts>),
      counter: (parts?.counter ?? 0n) + 1000n,
    });
    const next = k.call("PutRecord", {
      StreamName: "s",
      PartitionKey: "a",
      Data: "",
      SequenceNumberForOrdering: ahead,
    });
    expect(BigInt(next.json().SequenceNumber as string)).toBeGreaterThan(BigInt(ahead));
  });
});
