import { describe, expect, it } from "vitest";
import {
  evenHashKeyRanges,
  HASH_KEY_LIMIT,
  partitionKeyHash,
  rangeIndexOf,
} from "../../../harness/components/kinesis/hash-keys.ts";

describe("Kinesis hash keys", () => {
  it("reads a partition key's MD5 as an unsigned 128-bit integer", () => {
    // md5("partition-1") = 94f9c8…: the partition key most course emulators send.
    expect(partitionKeyHash("partition-1")).toBe(198019941650871988756153596255032211816n);
    expect(partitionKeyHash("")).toBe(0xd41d8cd98f00b204e9800998ecf8427en);
    // UTF-8 bytes, not UTF-16 code units.
    expect(partitionKeyHash("é")).toBe(0x66ddcd97cfdeabb2f6fb8a999b4bc76fn);
  });

  it("splits 0..2^128-1 evenly, the last shard taking the remainder, as Kinesis does for a new stream", () => {
    expect(evenHashKeyRanges(1)).toEqual([{ start: 0n, end: HASH_KEY_LIMIT - 1n }]);
    expect(evenHashKeyRanges(3).map((r) => [r.start.toString(), r.end.toString()])).toEqual([
      ["0", "113427455640312821154458202477256070484"],
      ["113427455640312821154458202477256070485", "226854911280625642308916404954512140969"],
      ["226854911280625642308916404954512140970", "340282366920938463463374607431768211455"],
    ]);
    const four = evenHashKeyRanges(4);
    expect(four[1]?.start).toBe(85070591730234615865843651857942052864n);
    for (let i = 1; i < four.length; i++) expect(four[i]?.start).toBe((four[i - 1]?.end ?? 0n) + 1n);
  });

  it("routes a hash key to the shard whose range holds it", () => {
    const four = evenHashKeyRanges(4);
    expect(rangeIndexOf(four, 0n)).toBe(0);
    expect(rangeIndexOf(four, 85070591730234615865843651857942052863n)).toBe(0);
    expect(rangeIndexOf(four, 85070591730234615865843651857942052864n)).toBe(1);
    expect(rangeIndexOf(four, HASH_KEY_LIMIT - 1n)).toBe(3);
    expect(rangeIndexOf(four, partitionKeyHash("partition-1"))).toBe(2);
    expect(rangeIndexOf(four, partitionKeyHash("partition-2"))).toBe(0);
    expect(rangeIndexOf(four, partitionKeyHash("pin_pk"))).toBe(3);
    const seven = evenHashKeyRanges(7);
    for (let i = 0; i < 7; i++) {
      expect(rangeIndexOf(seven, seven[i]?.start ?? 0n)).toBe(i);
      expect(rangeIndexOf(seven, seven[i]?.end ?? 0n)).toBe(i);
    }
  });
});
