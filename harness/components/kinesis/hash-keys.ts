import { createHash } from "node:crypto";

/** Hash keys run over 0..2^128-1: the range of an MD5 digest read as an unsigned integer. */
export const HASH_KEY_LIMIT = 1n << 128n;

export interface HashKeyRange {
  start: bigint;
  end: bigint;
}

/** The hash key Kinesis gives a partition key: its UTF-8 bytes' MD5, big-endian, unsigned. */
export function partitionKeyHash(partitionKey: string): bigint {
  return BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
}

/**
 * The ranges of a new stream's shards: each `floor(2^128 / count)` wide, the last one reaching 2^128-1, so for
 * three shards the first ends at 113427455640312821154458202477256070484 as on Kinesis.
 */
export function evenHashKeyRanges(count: number): HashKeyRange[] {
  const width = HASH_KEY_LIMIT / BigInt(count);
  return Array.from({ length: count }, (_, i) => ({
    start: width * BigInt(i),
    end: i === count - 1 ? HASH_KEY_LIMIT - 1n : width * BigInt(i + 1) - 1n,
  }));
}

/** Index of the range holding `hashKey`; the ranges cover 0..2^128-1 without gaps, in order. */
export function rangeIndexOf(ranges: readonly HashKeyRange[], hashKey: bigint): number {
  let low = 0;
  let high = ranges.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (hashKey > (ranges[mid] as HashKeyRange).end) low = mid + 1;
    else high = mid;
  }
  return low;
}
