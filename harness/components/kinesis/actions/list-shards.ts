import { KinesisError, invalidArgument, streamNotFound } from "../errors.ts";
import type { AnswerValue } from "../answer-values.ts";
import { targetStreamName, type KinesisService } from "../service.ts";
import type { Stream } from "../streams.ts";
import { shardJson } from "./stream-actions.ts";

/** ListShards returns 1,000 shards per call unless MaxResults asks for fewer. */
const DEFAULT_MAX_RESULTS = 1000;

interface ShardsToken {
  stream: string;
  streamCreatedMs: number;
  afterShardId: string;
}

function encodeToken(token: ShardsToken): string {
  return Buffer.from(JSON.stringify({ v: 1, ...token })).toString("base64");
}

function decodeToken(text: string): ShardsToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64").toString("utf8")) as Partial<ShardsToken> & { v?: number };
    if (
      parsed.v === 1 &&
      typeof parsed.stream === "string" &&
      typeof parsed.streamCreatedMs === "number" &&
      typeof parsed.afterShardId === "string"
    ) {
      return { stream: parsed.stream, streamCreatedMs: parsed.streamCreatedMs, afterShardId: parsed.afterShardId };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw invalidArgument("Invalid NextToken.");
}

export function listShards(service: KinesisService, input: Record<string, unknown>): AnswerValue {
  const token = input.NextToken as string | undefined;
  const named = input.StreamName !== undefined || input.StreamARN !== undefined;
  if (token !== undefined && input.StreamName !== undefined) {
    throw invalidArgument("NextToken and StreamName cannot be provided together.");
  }
  if (token !== undefined && input.StreamARN !== undefined) {
    throw invalidArgument("NextToken and StreamARN cannot be provided together.");
  }
  if (token !== undefined && input.ExclusiveStartShardId !== undefined) {
    throw invalidArgument("NextToken and ExclusiveStartShardId cannot be provided together.");
  }
  if (token === undefined && !named) throw invalidArgument("Either NextToken or StreamName should be provided.");

  const now = service.now();
  const position = token !== undefined ? decodeToken(token) : undefined;
  const name = position?.stream ?? targetStreamName(service, input);
  const stream: Stream | undefined = service.store.get(name, now);
  if (!stream || (position !== undefined && stream.createdMs !== position.streamCreatedMs)) {
    throw streamNotFound(name, service.accountId);
  }
  const status = stream.status(now);
  if (status === "CREATING") {
    throw new KinesisError(
      "ResourceInUseException",
      `Stream ${name} under account ${service.accountId} not ACTIVE, instead in state ${status}`,
    );
  }

  const filter = input.ShardFilter as { Type: string; ShardId?: string } | undefined;
  let after = position?.afterShardId ?? (input.ExclusiveStartShardId as string | undefined);
  if (filter?.Type === "AFTER_SHARD_ID") {
    if (filter.ShardId === undefined) {
      throw invalidArgument("Must specify ShardId in ShardFilter when ShardFilter type is AFTER_SHARD_ID.");
    }
    after = after !== undefined && after > filter.ShardId ? after : filter.ShardId;
  }
  // Every shard of a stream that was never resharded is open and reaches back to the trim horizon, so the other
  // filter types keep them all.
  const shards = stream.shards.filter((shard) => after === undefined || shard.shardId > after);
  const max = (input.MaxResults as number | undefined) ?? DEFAULT_MAX_RESULTS;
  const page = shards.slice(0, Math.min(max, DEFAULT_MAX_RESULTS));
  const more = shards.length > page.length;
  return {
    Shards: page.map(shardJson),
    NextToken: more
      ? encodeToken({
          stream: stream.name,
          streamCreatedMs: stream.createdMs,
          afterShardId: (page.at(-1) as { shardId: string }).shardId,
        })
      : undefined,
  };
}
