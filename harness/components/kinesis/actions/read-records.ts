import { KinesisError, invalidArgument, shardNotFound } from "../errors.ts";
import { Timestamp, type AnswerValue } from "../answer-values.ts";
import { targetStreamName, type KinesisService } from "../service.ts";
import { parseSequenceNumber } from "../sequence-numbers.ts";
import type { IteratorPosition } from "../shard-iterators.ts";
import { shardIdOf, type Shard, type Stream } from "../streams.ts";
import { visibleShards } from "./stream-actions.ts";

/** GetRecords returns at most 10,000 records and, past the first record, at most 10 MiB per call. */
const DEFAULT_RECORD_LIMIT = 10000;
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Records stay readable for the stream's retention period, 24 hours. */
const RETENTION_MS = 24 * 3600 * 1000;

/**
 * The shard a ShardId names. Kinesis reads the number after the first dash (or the whole id), so `shardId-1`
 * and `1` both name shardId-000000000001; anything else names no shard at all.
 */
function shardIndexOf(shardId: string, streamName: string, service: KinesisService): number {
  const dash = shardId.indexOf("-");
  const digits = dash === -1 ? shardId : (shardId.slice(dash + 1).split("-")[0] ?? "");
  const index = /^\d+$/.test(digits) ? Number(digits) : NaN;
  if (!(index >= 0 && index <= 2147483647)) {
    throw new KinesisError(
      "ResourceNotFoundException",
      `Could not find shard ${shardId} in stream ${streamName} under account ${service.accountId}.`,
    );
  }
  return index;
}

/** The shard to read, or what Kinesis says when the stream or the shard is not there (or not yet). */
function readableShard(service: KinesisService, stream: Stream | undefined, name: string, index: number): Shard {
  const shard = stream ? visibleShards(stream, service.now())[index] : undefined;
  if (!stream || !shard) throw shardNotFound(shardIdOf(index), name, service.accountId);
  return shard;
}

const BOTH_KINDS =
  "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or " +
  "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber.";

function sequencePosition(
  service: KinesisService,
  stream: Stream,
  shard: Shard,
  type: string,
  startingSequenceNumber: string,
): Omit<IteratorPosition, "streamName" | "streamCreatedMs" | "shardIndex"> {
  const where = `on shard ${shard.shardId} in stream ${stream.name} under account ${service.accountId}`;
  const parts = parseSequenceNumber(startingSequenceNumber);
  if (!parts) {
    throw invalidArgument(
      `StartingSequenceNumber ${startingSequenceNumber} used in GetShardIterator ${where} is invalid.`,
    );
  }
  if (parts.shardIndex !== shard.index) {
    throw invalidArgument(
      `Invalid StartingSequenceNumber. It encodes ${shardIdOf(parts.shardIndex)}, while it was used in a call to a ` +
        `shard with ${shard.shardId}`,
    );
  }
  if (parts.shardCreatedSecs !== Math.floor(stream.shardCreatedMs / 1000)) {
    throw invalidArgument(
      `StartingSequenceNumber ${startingSequenceNumber} used in GetShardIterator ${where} is invalid because it did ` +
        "not come from this stream.",
    );
  }
  return { sequenceNumber: startingSequenceNumber, after: type === "AFTER_SEQUENCE_NUMBER" };
}

export function getShardIterator(service: KinesisService, input: Record<string, unknown>): AnswerValue {
  const name = targetStreamName(service, input);
  const index = shardIndexOf(input.ShardId as string, name, service);
  const now = service.now();
  const stream = service.store.get(name, now);
  const shard = readableShard(service, stream, name, index);
  const live = stream as Stream;
  const log = live.log(index);
  const type = input.ShardIteratorType as string;
  const startingSequenceNumber = input.StartingSequenceNumber as string | undefined;
  // Reading from after the last record (or the shard's start) is where LATEST and a time past the tip point.
  const tip = { sequenceNumber: log.lastSequence ?? shard.startingSequenceNumber, after: true };

  let position: Omit<IteratorPosition, "streamName" | "streamCreatedMs" | "shardIndex">;
  if (type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") {
    if (startingSequenceNumber === undefined) {
      throw invalidArgument(`${BOTH_KINDS} Request specified ${type} and no StartingSequenceNumber.`);
    }
    position = sequencePosition(service, live, shard, type, startingSequenceNumber);
  } else if (startingSequenceNumber !== undefined && (type === "TRIM_HORIZON" || type === "LATEST")) {
    throw invalidArgument(`${BOTH_KINDS} Request specified ${type} and also a StartingSequenceNumber.`);
  } else if (type === "TRIM_HORIZON") {
    position = { sequenceNumber: shard.startingSequenceNumber, after: false };
  } else if (type === "LATEST") {
    position = tip;
  } else {
    const timestamp = input.Timestamp as number | undefined;
    if (timestamp === undefined) {
      throw invalidArgument(
        "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no " +
          "timestamp parameter.",
      );
    }
    if (timestamp > now) {
      throw invalidArgument(
        "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. " +
          `timestampInMillis: ${timestamp}, currentTimestampInMillis: ${now}`,
      );
    }
    const at = log.positionOfTime(timestamp);
    position = at < log.count ? { sequenceNumber: log.sequenceNumberAt(at), after: false } : tip;
  }
  const iterator = service.iterators.encode(
    { ...position, streamName: name, streamCreatedMs: live.createdMs, shardIndex: index },
    now,
  );
  return { ShardIterator: iterator };
}

export function getRecords(service: KinesisService, input: Record<string, unknown>): AnswerValue {
  const now = service.now();
  const position = service.iterators.decode(input.ShardIterator as string, now);
  const found = service.store.get(position.streamName, now);
  const stream = found?.createdMs === position.streamCreatedMs ? found : undefined;
  readableShard(service, stream, position.streamName, position.shardIndex);
  const log = (stream as Stream).log(position.shardIndex);

  const from = Math.max(
    log.positionOfSequence(BigInt(position.sequenceNumber), position.after),
    log.positionOfTime(now - RETENTION_MS),
  );
  const records = log.read(from, (input.Limit as number | undefined) ?? DEFAULT_RECORD_LIMIT, MAX_RESPONSE_BYTES);
  const last = records.at(-1);
  const next = last ? { sequenceNumber: last.sequenceNumber, after: true } : position;
  const unread = from + records.length;
  return {
    Records: records.map((record) => ({
      SequenceNumber: record.sequenceNumber,
      ApproximateArrivalTimestamp: new Timestamp(record.arrivalMs),
      Data: record.data,
      PartitionKey: record.partitionKey,
    })),
    NextShardIterator: service.iterators.encode({ ...position, ...next }, now),
    MillisBehindLatest: unread < log.count ? Math.max(0, now - log.arrivalMsAt(unread)) : 0,
  };
}
