import { invalidArgument, streamNotFound } from "./errors.ts";
import type { ShardIterators } from "./shard-iterators.ts";
import type { Stream, StreamStore } from "./streams.ts";
import type { WriteLimiter } from "./write-limits.ts";

/** What every action works with: the streams, the clock and the account they belong to. */
export interface KinesisService {
  store: StreamStore;
  iterators: ShardIterators;
  /** Undefined: writes are not throttled. */
  limiter: WriteLimiter | undefined;
  region: string;
  accountId: string;
  /** The account's shard quota for provisioned streams. */
  shardLimit: number;
  now(): number;
}

export function streamArn(service: KinesisService, name: string): string {
  return `arn:aws:kinesis:${service.region}:${service.accountId}:stream/${name}`;
}

/**
 * The stream a request names, by StreamName or StreamARN (the model's pattern has been checked already). An ARN of
 * another account or region names a stream this account does not have.
 */
export function targetStreamName(service: KinesisService, input: Record<string, unknown>): string {
  const name = input.StreamName as string | undefined;
  const arn = input.StreamARN as string | undefined;
  if (arn === undefined) {
    if (name === undefined) throw invalidArgument("Either StreamName or StreamARN must be provided.");
    return name;
  }
  const parts = /^arn:[^:]+:kinesis:([^:]*):(\d{12}):stream\/(.+)$/.exec(arn);
  const arnName = parts?.[3] ?? arn;
  if (name !== undefined && name !== arnName) {
    throw invalidArgument(`StreamARN ${arn} and StreamName ${name} do not name the same stream.`);
  }
  if (parts?.[1] !== service.region || parts[2] !== service.accountId) {
    throw streamNotFound(arnName, parts?.[2] ?? service.accountId);
  }
  return arnName;
}

/** The named stream in any state, or ResourceNotFoundException. */
export function requireStream(service: KinesisService, input: Record<string, unknown>): Stream {
  const name = targetStreamName(service, input);
  const stream = service.store.get(name, service.now());
  if (!stream) throw streamNotFound(name, service.accountId);
  return stream;
}
