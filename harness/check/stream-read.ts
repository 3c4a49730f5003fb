import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ResourceNotFoundException,
  type Shard,
} from "@aws-sdk/client-kinesis";
import type { StackInfo } from "../stack-info.ts";

/** One record read back from a shard, in the shard's order. */
export interface StreamRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
}

/** A stream's records by shard id, every shard listed (an empty one too), in ListShards order. */
export type StreamContent = Map<string, StreamRecord[]>;

/**
 * Empty answers in a row after which a shard counts as read though Kinesis still says it is behind: a real
 * stream can answer empty while records wait further on, but a stand-in that keeps saying so would loop forever.
 */
const MAX_EMPTY_READS = 20;

/** A Kinesis client for the stack's endpoint; the stand-in reads a signature's form, never its validity. */
export function kinesisClient(kinesis: StackInfo["kinesis"]): KinesisClient {
  return new KinesisClient({
    endpoint: kinesis.endpoint,
    region: kinesis.region,
    credentials: { accessKeyId: "AKIAPINPIPECHECKS000", secretAccessKey: "pinpipe" },
  });
}

async function listShards(client: KinesisClient, stream: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let next: string | undefined;
  do {
    // With a NextToken, Kinesis refuses a StreamName beside it.
    const page = await client.send(
      new ListShardsCommand(next === undefined ? { StreamName: stream } : { NextToken: next }),
    );
    shards.push(...(page.Shards ?? []));
    next = page.NextToken;
  } while (next !== undefined);
  return shards;
}

/** Every record of one shard, from its trim horizon to its tip, as a consumer reads it. */
async function readShard(client: KinesisClient, stream: string, shardId: string): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  const start = await client.send(
    new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }),
  );
  let iterator = start.ShardIterator;
  let empty = 0;
  while (iterator !== undefined) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    for (const record of page.Records ?? []) {
      records.push({
        sequenceNumber: record.SequenceNumber ?? "",
        partitionKey: record.PartitionKey ?? "",
        data: Buffer.from(record.Data ?? new Uint8Array()),
      });
    }
    const got = page.Records?.length ?? 0;
    empty = got === 0 ? empty + 1 : 0;
    // A shard that is still open hands out iterators for ever: at its tip, the read is done.
    if (got === 0 && ((page.MillisBehindLatest ?? 0) === 0 || empty >= MAX_EMPTY_READS)) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

/** One stream's records through the Kinesis API; a stream that does not exist holds none. */
export async function readStream(client: KinesisClient, stream: string): Promise<StreamContent> {
  const content: StreamContent = new Map();
  let shards: Shard[];
  try {
    shards = await listShards(client, stream);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return content;
    throw error;
  }
  for (const shard of shards) {
    if (shard.ShardId === undefined) continue;
    content.set(shard.ShardId, await readShard(client, stream, shard.ShardId));
  }
  return content;
}
