import { KinesisError, invalidArgument, streamNotFound, throughputExceeded } from "../errors.ts";
import { HASH_KEY_LIMIT, partitionKeyHash, rangeIndexOf } from "../hash-keys.ts";
import type { AnswerValue } from "../answer-values.ts";
import { requireStream, type KinesisService } from "../service.ts";
import { formatSequenceNumber, nextCounter, parseSequenceNumber } from "../sequence-numbers.ts";
import type { ShardRecord } from "../shard-log.ts";
import { MAX_DATA_BYTES } from "../shapes.ts";
import type { Stream } from "../streams.ts";

/** A PutRecords request carries at most 5 MiB of data and partition keys. */
export const MAX_PUT_RECORDS_BYTES = 5 * 1024 * 1024;

interface Entry {
  Data: Buffer;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

/** A put Kinesis has accepted: where the record went. */
interface Placed {
  shardId: string;
  sequenceNumber: string;
}

/** The stream to write to: it must exist and be past CREATING (DELETING streams still take writes). */
function writableStream(service: KinesisService, input: Record<string, unknown>): Stream {
  const stream = requireStream(service, input);
  if (stream.status(service.now()) === "CREATING") throw streamNotFound(stream.name, service.accountId);
  return stream;
}

function hashKeyOf(entry: Entry): bigint {
  if (entry.ExplicitHashKey === undefined) return partitionKeyHash(entry.PartitionKey);
  const hashKey = BigInt(entry.ExplicitHashKey);
  if (hashKey >= HASH_KEY_LIMIT) {
    throw invalidArgument(
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${entry.ExplicitHashKey}`,
    );
  }
  return hashKey;
}

const recordBytes = (entry: Entry): number => entry.Data.length + Buffer.byteLength(entry.PartitionKey);

/**
 * The record size limit counts the partition key with the data. Data alone over the limit fails the model's
 * validation before this; data that fits only without its key fails here, in the same words but without the
 * value (which alone would satisfy the constraint).
 */
function checkRecordSize(entry: Entry, path: string): void {
  if (recordBytes(entry) <= MAX_DATA_BYTES) return;
  throw new KinesisError(
    "ValidationException",
    `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have length less than ` +
      `or equal to ${MAX_DATA_BYTES}`,
  );
}

/**
 * Writes records that passed every request-level check, shard by shard in one write each: each gets the next
 * sequence number of its shard, or a throughput refusal. Arrival times never go down within a shard.
 */
function place(
  service: KinesisService,
  stream: Stream,
  entries: readonly Entry[],
  minimum?: bigint,
): (Placed | string)[] {
  const now = service.now();
  const results: (Placed | string)[] = [];
  const batches = new Map<number, ShardRecord[]>();
  const counters = new Map<number, bigint>();
  const ranges = stream.shards.map((shard) => shard.range);
  for (const entry of entries) {
    const shard = stream.shards[rangeIndexOf(ranges, hashKeyOf(entry))];
    if (!shard) throw new Error("hash key ranges do not cover the hash key space");
    if (service.limiter && !service.limiter.admit(`${stream.name}/${shard.index}`, recordBytes(entry), now)) {
      results.push(throughputExceeded(shard.shardId, stream.name, service.accountId));
      continue;
    }
    const log = stream.log(shard.index);
    let previous = counters.get(shard.index);
    if (previous === undefined) {
      const last = log.lastSequence;
      previous = last === undefined ? 0n : (parseSequenceNumber(last)?.counter ?? 0n);
    }
    if (minimum !== undefined && minimum > previous) previous = minimum;
    const counter = nextCounter(previous, stream.shardCreatedMs, now);
    counters.set(shard.index, counter);
    const arrivalMs = Math.max(now, log.lastArrivalMs ?? 0, batches.get(shard.index)?.at(-1)?.arrivalMs ?? 0);
    const sequenceNumber = formatSequenceNumber({
      shardCreatedSecs: Math.floor(stream.shardCreatedMs / 1000),
      shardIndex: shard.index,
      counter,
      arrivalSecs: Math.floor(arrivalMs / 1000),
    });
    const batch = batches.get(shard.index) ?? [];
    batch.push({ sequenceNumber, arrivalMs, partitionKey: entry.PartitionKey, data: entry.Data });
    batches.set(shard.index, batch);
    results.push({ shardId: shard.shardId, sequenceNumber });
  }
  for (const [index, batch] of batches) stream.log(index).append(batch);
  return results;
}

export function putRecord(service: KinesisService, input: Record<string, unknown>): AnswerValue {
  const entry = input as unknown as Entry & { SequenceNumberForOrdering?: string };
  checkRecordSize(entry, "data");
  const stream = writableStream(service, input);
  let minimum: bigint | undefined;
  if (entry.SequenceNumberForOrdering !== undefined) {
    const parts = parseSequenceNumber(entry.SequenceNumberForOrdering);
    if (!parts || parts.arrivalSecs * 1000 > service.now()) {
      throw invalidArgument(
        `ExclusiveMinimumSequenceNumber ${entry.SequenceNumberForOrdering} used in PutRecord on stream ` +
          `${stream.name} under account ${service.accountId} is invalid.`,
      );
    }
    minimum = parts.counter;
  }
  hashKeyOf(entry);
  const [result] = place(service, stream, [entry], minimum);
  if (typeof result === "string") throw new KinesisError("ProvisionedThroughputExceededException", result);
  const placed = result as Placed;
  return { SequenceNumber: placed.sequenceNumber, ShardId: placed.shardId };
}

export function putRecords(service: KinesisService, input: Record<string, unknown>): AnswerValue {
  const entries = input.Records as Entry[];
  const stream = writableStream(service, input);
  const total = entries.reduce((sum, entry) => sum + recordBytes(entry), 0);
  if (total > MAX_PUT_RECORDS_BYTES) throw invalidArgument("Records size exceeds 5 MB limit");
  entries.forEach((entry, i) => checkRecordSize(entry, `records.${i + 1}.member.data`));
  for (const entry of entries) hashKeyOf(entry);
  const results = place(service, stream, entries);
  const failed = results.filter((result) => typeof result === "string").length;
  return {
    FailedRecordCount: failed,
    Records: results.map((result) =>
      typeof result === "string"
        ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: result }
        : { SequenceNumber: result.sequenceNumber, ShardId: result.shardId },
    ),
  };
}
