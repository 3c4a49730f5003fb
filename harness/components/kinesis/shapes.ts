/**
 * The request members of each action Kinesis is asked for, with the constraints of its service model. Members are
 * listed in the order Kinesis reports their validation errors; a member Kinesis does not know is dropped unread.
 */
export type Shape =
  | { kind: "string"; pattern?: string; min?: number; max?: number; enum?: readonly string[] }
  | { kind: "integer"; min?: number; max?: number }
  | { kind: "boolean" }
  | { kind: "blob"; max?: number }
  | { kind: "timestamp" }
  | { kind: "list"; member: Shape; min?: number; max?: number; memberText?: (item: unknown) => string }
  | { kind: "structure"; members: Members }
  | { kind: "map" };

export interface Member {
  shape: Shape;
  notNull?: boolean;
}

export type Members = Readonly<Record<string, Member>>;

const NAME_PATTERN = "[a-zA-Z0-9_.-]+";
export const STREAM_NAME: Shape = { kind: "string", pattern: NAME_PATTERN, min: 1, max: 128 };
const STREAM_ARN: Shape = { kind: "string", pattern: "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+", min: 1, max: 2048 };
const SHARD_ID: Shape = { kind: "string", pattern: NAME_PATTERN, min: 1, max: 128 };
const HASH_KEY: Shape = { kind: "string", pattern: "0|([1-9]\\d{0,38})" };
const SEQUENCE_NUMBER: Shape = { kind: "string", pattern: "0|([1-9]\\d{0,128})" };
const PARTITION_KEY: Shape = { kind: "string", min: 1, max: 256 };
/** Data is at most 1 MiB, the size of a record on a stream with the default maximum record size. */
export const MAX_DATA_BYTES = 1048576;
const DATA: Shape = { kind: "blob", max: MAX_DATA_BYTES };
const LIMIT: Shape = { kind: "integer", min: 1, max: 10000 };
const NEXT_TOKEN: Shape = { kind: "string", min: 1, max: 1048576 };
const STREAM_MODE: Shape = { kind: "string", enum: ["PROVISIONED", "ON_DEMAND"] };

/**
 * How a PutRecordsRequestEntry shows in a message: Java's `Object.toString`, the class and a hash of the entry's
 * values (equal entries, equal text; the hash itself is this stand-in's, not the service's).
 */
function entryText(item: unknown): string {
  const entry = (item ?? {}) as { PartitionKey?: string; ExplicitHashKey?: string; Data?: Buffer };
  const facts = `${entry.PartitionKey ?? ""}\0${entry.ExplicitHashKey ?? ""}\0${entry.Data?.length ?? -1}`;
  let hash = 0;
  for (let i = 0; i < facts.length; i++) hash = (Math.imul(hash, 31) + facts.charCodeAt(i)) | 0;
  return `com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@${(hash >>> 0).toString(16)}`;
}

export const ACTION_MEMBERS = {
  CreateStream: {
    ShardCount: { shape: { kind: "integer", min: 1 } },
    StreamName: { shape: STREAM_NAME, notNull: true },
    StreamModeDetails: {
      shape: { kind: "structure", members: { StreamMode: { shape: STREAM_MODE, notNull: true } } },
    },
    Tags: { shape: { kind: "map" } },
    MaxRecordSizeInKiB: { shape: { kind: "integer", min: 1024, max: 10240 } },
  },
  DeleteStream: {
    StreamName: { shape: STREAM_NAME },
    StreamARN: { shape: STREAM_ARN },
    EnforceConsumerDeletion: { shape: { kind: "boolean" } },
  },
  DescribeStream: {
    Limit: { shape: LIMIT },
    ExclusiveStartShardId: { shape: SHARD_ID },
    StreamName: { shape: STREAM_NAME },
    StreamARN: { shape: STREAM_ARN },
  },
  DescribeStreamSummary: {
    StreamName: { shape: STREAM_NAME },
    StreamARN: { shape: STREAM_ARN },
  },
  ListStreams: {
    Limit: { shape: LIMIT },
    ExclusiveStartStreamName: { shape: STREAM_NAME },
    NextToken: { shape: NEXT_TOKEN },
  },
  ListShards: {
    ExclusiveStartShardId: { shape: SHARD_ID },
    MaxResults: { shape: LIMIT },
    NextToken: { shape: NEXT_TOKEN },
    StreamCreationTimestamp: { shape: { kind: "timestamp" } },
    StreamName: { shape: STREAM_NAME },
    StreamARN: { shape: STREAM_ARN },
    ShardFilter: {
      shape: {
        kind: "structure",
        members: {
          Type: {
            shape: {
              kind: "string",
              enum: [
                "AFTER_SHARD_ID",
                "AT_TRIM_HORIZON",
                "FROM_TRIM_HORIZON",
                "AT_LATEST",
                "AT_TIMESTAMP",
                "FROM_TIMESTAMP",
              ],
            },
            notNull: true,
          },
          ShardId: { shape: SHARD_ID },
          Timestamp: { shape: { kind: "timestamp" } },
        },
      },
    },
  },
  PutRecord: {
    SequenceNumberForOrdering: { shape: SEQUENCE_NUMBER },
    PartitionKey: { shape: PARTITION_KEY, notNull: true },
    ExplicitHashKey: { shape: HASH_KEY },
    Data: { shape: DATA, notNull: true },
    StreamName: { shape: STREAM_NAME },
    StreamARN: { shape: STREAM_ARN },
  },
  PutRecords: {
    Records: {
      shape: {
        kind: "list",
        min: 1,
        max: 500,
        memberText: entryText,
        member: {
          kind: "structure",
          members: {
            PartitionKey: { shape: PARTITION_KEY, notNull: true },
            ExplicitHashKey: { shape: HASH_KEY },
            Data: { shape: DATA, notNull: true },
          },
        },
      },
      notNull: true,
    },
    StreamName: { shape: STREAM_NAME },
    StreamARN: { shape: STREAM_ARN },
  },
  GetShardIterator: {
    ShardId: { shape: SHARD_ID, notNull: true },
    ShardIteratorType: {
      shape: {
        kind: "string",
        enum: ["AFTER_SEQUENCE_NUMBER", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON"],
      },
      notNull: true,
    },
    StartingSequenceNumber: { shape: SEQUENCE_NUMBER },
    StreamName: { shape: STREAM_NAME },
    StreamARN: { shape: STREAM_ARN },
    Timestamp: { shape: { kind: "timestamp" } },
  },
  GetRecords: {
    Limit: { shape: LIMIT },
    ShardIterator: { shape: { kind: "string", min: 1, max: 512 }, notNull: true },
    StreamARN: { shape: STREAM_ARN },
  },
} as const satisfies Record<string, Members>;

export type ActionName = keyof typeof ACTION_MEMBERS;

export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(ACTION_MEMBERS, name);
}

/**
 * Actions Kinesis has that this stand-in does not serve: they are answered with a message that says so, rather
 * than as an operation Kinesis does not know.
 */
export const UNSERVED_ACTIONS: ReadonlySet<string> = new Set([
  "AddTagsToStream",
  "DecreaseStreamRetentionPeriod",
  "DeleteResourcePolicy",
  "DeregisterStreamConsumer",
  "DescribeAccountSettings",
  "DescribeLimits",
  "DescribeStreamConsumer",
  "DisableEnhancedMonitoring",
  "EnableEnhancedMonitoring",
  "GetResourcePolicy",
  "IncreaseStreamRetentionPeriod",
  "ListStreamConsumers",
  "ListTagsForResource",
  "ListTagsForStream",
  "MergeShards",
  "PutResourcePolicy",
  "RegisterStreamConsumer",
  "RemoveTagsFromStream",
  "SplitShard",
  "StartStreamEncryption",
  "StopStreamEncryption",
  "SubscribeToShard",
  "TagResource",
  "UntagResource",
  "UpdateAccountSettings",
  "UpdateMaxRecordSize",
  "UpdateShardCount",
  "UpdateStreamMode",
  "UpdateStreamWarmThroughput",
]);
