import { KinesisError, invalidArgument, streamInUse } from "../errors.ts";
import { Timestamp, type AnswerValue } from "../answer-values.ts";
import { requireStream, streamArn, type KinesisService } from "../service.ts";
import type { Shard, Stream, StreamMode } from "../streams.ts";

/** An on-demand stream starts with four shards. */
const ON_DEMAND_SHARDS = 4;
/** DescribeStream and ListStreams return at most 100 entries per call, whatever the Limit. */
const PAGE_LIMIT = 100;
const RETENTION_HOURS = 24;

type Input = Record<string, unknown>;

export function createStream(service: KinesisService, input: Input): AnswerValue | undefined {
  const name = input.StreamName as string;
  const mode = ((input.StreamModeDetails as { StreamMode?: StreamMode } | undefined)?.StreamMode ??
    "PROVISIONED") as StreamMode;
  if (mode === "PROVISIONED" && input.ShardCount === undefined) {
    throw new KinesisError(
      "ValidationException",
      "1 validation error detected: Value null at 'shardCount' failed to satisfy constraint: Member must not be null",
    );
  }
  if (input.MaxRecordSizeInKiB !== undefined && input.MaxRecordSizeInKiB !== 1024) {
    // Large records are not modelled: say so rather than accept a size that would not be honoured.
    throw invalidArgument("pinpipe's Kinesis supports only the default maximum record size, 1024 KiB.");
  }
  const now = service.now();
  if (service.store.get(name, now)) throw streamInUse(name, service.accountId);
  const shardCount = mode === "ON_DEMAND" ? ON_DEMAND_SHARDS : (input.ShardCount as number);
  if (mode === "PROVISIONED") {
    const current = service.store
      .list(now)
      .filter((stream) => stream.mode === "PROVISIONED")
      .reduce((sum, stream) => sum + stream.shards.length, 0);
    if (current + shardCount > service.shardLimit) {
      throw new KinesisError(
        "LimitExceededException",
        `This request would exceed the shard limit for the account ${service.accountId} in ${service.region}. ` +
          `Current shard count for the account: ${current}. Limit: ${service.shardLimit}. Number of additional ` +
          `shards that would have resulted from this request: ${shardCount}. Refer to the AWS Service Limits ` +
          "page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and " +
          "how to request higher limits.",
      );
    }
  }
  service.store.create(name, shardCount, mode, now);
  return undefined;
}

export function deleteStream(service: KinesisService, input: Input): AnswerValue | undefined {
  const stream = requireStream(service, input);
  const now = service.now();
  if (stream.status(now) !== "DELETING") {
    service.store.markDeleting(stream, now);
    service.limiter?.forget(stream.name);
  }
  return undefined;
}

export function shardJson(shard: Shard): AnswerValue {
  return {
    ShardId: shard.shardId,
    HashKeyRange: { StartingHashKey: shard.range.start.toString(), EndingHashKey: shard.range.end.toString() },
    SequenceNumberRange: { StartingSequenceNumber: shard.startingSequenceNumber },
  };
}

/** The shards a stream shows: none while it is being created. */
export function visibleShards(stream: Stream, now: number): readonly Shard[] {
  return stream.status(now) === "CREATING" ? [] : stream.shards;
}

function modeJson(stream: Stream): AnswerValue {
  return { StreamMode: stream.mode };
}

/** StreamCreationTimestamp: the stream's creation second. */
const creationTimestamp = (stream: Stream): Timestamp => new Timestamp(Math.floor(stream.createdMs / 1000) * 1000);

export function describeStream(service: KinesisService, input: Input): AnswerValue {
  const stream = requireStream(service, input);
  const now = service.now();
  const limit = Math.min((input.Limit as number | undefined) ?? PAGE_LIMIT, PAGE_LIMIT);
  const after = input.ExclusiveStartShardId as string | undefined;
  const shards = visibleShards(stream, now).filter((shard) => after === undefined || shard.shardId > after);
  return {
    StreamDescription: {
      StreamName: stream.name,
      StreamARN: streamArn(service, stream.name),
      StreamStatus: stream.status(now),
      StreamModeDetails: modeJson(stream),
      Shards: shards.slice(0, limit).map(shardJson),
      HasMoreShards: shards.length > limit,
      RetentionPeriodHours: RETENTION_HOURS,
      StreamCreationTimestamp: creationTimestamp(stream),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: "NONE",
    },
  };
}

export function describeStreamSummary(service: KinesisService, input: Input): AnswerValue {
  const stream = requireStream(service, input);
  const now = service.now();
  return {
    StreamDescriptionSummary: {
      StreamName: stream.name,
      StreamARN: streamArn(service, stream.name),
      StreamStatus: stream.status(now),
      StreamModeDetails: modeJson(stream),
      RetentionPeriodHours: RETENTION_HOURS,
      StreamCreationTimestamp: creationTimestamp(stream),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: "NONE",
      OpenShardCount: visibleShards(stream, now).length,
      ConsumerCount: 0,
    },
  };
}

/** ListStreams' NextToken: where the next page starts, opaque to the client. */
function listToken(lastName: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: lastName })).toString("base64");
}

function nameAfterToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { v?: number; after?: unknown };
    if (parsed.v === 1 && typeof parsed.after === "string") return parsed.after;
  } catch {
    // Falls through to the refusal below.
  }
  throw invalidArgument("Invalid NextToken.");
}

export function listStreams(service: KinesisService, input: Input): AnswerValue {
  const now = service.now();
  const limit = Math.min((input.Limit as number | undefined) ?? PAGE_LIMIT, PAGE_LIMIT);
  const token = input.NextToken as string | undefined;
  const after = token !== undefined ? nameAfterToken(token) : (input.ExclusiveStartStreamName as string | undefined);
  const streams = service.store.list(now).filter((stream) => after === undefined || stream.name > after);
  const page = streams.slice(0, limit);
  const more = streams.length > limit;
  return {
    StreamNames: page.map((stream) => stream.name),
    HasMoreStreams: more,
    NextToken: more ? listToken((page.at(-1) as Stream).name) : undefined,
    StreamSummaries: page.map((stream) => ({
      StreamName: stream.name,
      StreamARN: streamArn(service, stream.name),
      StreamStatus: stream.status(now),
      StreamModeDetails: modeJson(stream),
      StreamCreationTimestamp: creationTimestamp(stream),
    })),
  };
}
