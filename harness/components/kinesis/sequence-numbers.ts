/**
 * Sequence numbers in the form Kinesis gives them: 56 decimal digits, which in hex are 47 digits laid out as
 *
 *   2 | shard creation time, s (9) | shard index, low hex digit (1) | per-shard counter (16) | 00 (2)
 *     | arrival time, s (9) | shard index (8) | 2
 *
 * (the layout worked out from real sequence numbers: the leading and trailing 2 are a format version, the shard
 * index sits in the lowest bits above it, the arrival second above that). Within a shard the counter decides the
 * order, so numbers compare as integers; it grows with the time since the shard was made (in microseconds, at
 * least one per record), so that, as on Kinesis, the longer the pause between writes, the larger the step.
 */
export interface SequenceParts {
  /** Seconds since the epoch at which the shard was made. */
  shardCreatedSecs: number;
  shardIndex: number;
  counter: bigint;
  arrivalSecs: number;
}

const VERSION = 2n;
const COUNTER_LIMIT = 1n << 63n;
const SECONDS_LIMIT = 1n << 36n;
const SHARD_INDEX_LIMIT = 1n << 31n;

export function formatSequenceNumber(parts: SequenceParts): string {
  const shardIndex = BigInt(parts.shardIndex);
  const value =
    (VERSION << 184n) |
    (BigInt(parts.shardCreatedSecs) << 148n) |
    ((shardIndex & 0xfn) << 144n) |
    (parts.counter << 80n) |
    (BigInt(parts.arrivalSecs) << 36n) |
    (shardIndex << 4n) |
    VERSION;
  return value.toString();
}

const field = (value: bigint, shift: bigint, bits: bigint): bigint => (value >> shift) & ((1n << bits) - 1n);

/** The parts of a sequence number of this form, or undefined for any other number (one Kinesis did not give). */
export function parseSequenceNumber(text: string): SequenceParts | undefined {
  if (!/^[1-9]\d{55}$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value >> 184n !== VERSION || field(value, 0n, 4n) !== VERSION || field(value, 72n, 8n) !== 0n) return undefined;
  const shardIndex = field(value, 4n, 32n);
  const counter = field(value, 80n, 64n);
  const shardCreatedSecs = field(value, 148n, 36n);
  const arrivalSecs = field(value, 36n, 36n);
  if (shardIndex >= SHARD_INDEX_LIMIT || counter >= COUNTER_LIMIT) return undefined;
  if (field(value, 144n, 4n) !== (shardIndex & 0xfn)) return undefined;
  if (shardCreatedSecs >= SECONDS_LIMIT || arrivalSecs >= SECONDS_LIMIT) return undefined;
  return {
    shardCreatedSecs: Number(shardCreatedSecs),
    shardIndex: Number(shardIndex),
    counter,
    arrivalSecs: Number(arrivalSecs),
  };
}

/** A shard's StartingSequenceNumber: counter 0, arrival at its creation, below every record's. */
export function startingSequenceNumber(shardCreatedMs: number, shardIndex: number): string {
  const shardCreatedSecs = Math.floor(shardCreatedMs / 1000);
  return formatSequenceNumber({ shardCreatedSecs, shardIndex, counter: 0n, arrivalSecs: shardCreatedSecs });
}

/** The counter for the next record: microseconds since the shard was made, and always past the previous one. */
export function nextCounter(previous: bigint, shardCreatedMs: number, nowMs: number): bigint {
  const elapsed = BigInt(Math.max(0, Math.floor(nowMs) - shardCreatedMs)) * 1000n;
  return elapsed > previous ? elapsed : previous + 1n;
}
