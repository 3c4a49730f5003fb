import type {} from "vitest";
import { checkRunningStack } from "../check/check-running.ts";
import { reportText } from "../check/report-text.ts";
import type { CheckReport, PartitionReport, StreamShardReport } from "../check/types.ts";
import type { StackInfo } from "../stack-info.ts";

/** What the matchers take: a check report, or a running stack to check (waiting for its sink first). */
export type DeliveryTarget =
  CheckReport | { info: StackInfo; journalFile?: string; gateway?: { flushLogs(): Promise<void> } };

export interface DeliveredExpectation {
  /** At least this many records acknowledged to clients, over all the stack's topics and streams. */
  records?: number;
}

export type PartitionExpectation = Partial<
  Pick<PartitionReport, "objects" | "records" | "kafkaRecords" | "acknowledged" | "pending">
>;

export type ShardExpectation = Partial<Pick<StreamShardReport, "acknowledged" | "records">>;

/** The one shard a stream of the stack has by default (`--kinesis-shards 1`). */
const FIRST_SHARD = "shardId-000000000000";

function isReport(target: DeliveryTarget): target is CheckReport {
  return "partitions" in target && "ok" in target;
}

async function reportOf(target: DeliveryTarget): Promise<CheckReport> {
  if (isReport(target)) return target;
  // A stack started in this process: every answer its gateway gave must be in the journal before it is read.
  await target.gateway?.flushLogs();
  return checkRunningStack(target.info, { journalFile: target.journalFile, waitForSinkMs: 60_000 });
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * `await expect(stack).toHaveDelivered({ records: 30 })`: every check of every partition and stream shard passes
 * (nothing a client was told was accepted is missing, duplicated or changed in S3 or in its stream), and enough
 * records were accepted, over both halves.
 */
async function toHaveDelivered(received: DeliveryTarget, expected: DeliveredExpectation = {}): Promise<MatcherResult> {
  const report = await reportOf(received);
  const acknowledged =
    report.partitions.reduce((sum, p) => sum + (p.acknowledged ?? 0), 0) +
    (report.streams ?? []).reduce((sum, shard) => sum + shard.acknowledged, 0);
  const enough = expected.records === undefined || acknowledged >= expected.records;
  return {
    pass: report.ok && enough,
    message: () =>
      report.ok && enough
        ? `expected the stack not to have delivered, but every partition checks out:\n${reportText(report)}`
        : `expected every acknowledged record in S3 or its stream${expected.records === undefined ? "" : ` (at least ${expected.records}; ${acknowledged} acknowledged)`}:\n${reportText(report)}`,
  };
}

/** `await expect(stack).toHavePartition("u.pin", 0, { records: 10 })`: that partition checks out, with these counts. */
async function toHavePartition(
  received: DeliveryTarget,
  topic: string,
  partition: number,
  expected: PartitionExpectation = {},
): Promise<MatcherResult> {
  const report = await reportOf(received);
  const found = report.partitions.find((p) => p.topic === topic && p.partition === partition);
  const errors = found?.findings.filter((f) => f.severity === "error") ?? [];
  const mismatched = found
    ? Object.entries(expected).filter(([key, value]) => found[key as keyof PartitionExpectation] !== value)
    : [];
  const pass = found !== undefined && errors.length === 0 && mismatched.length === 0;
  return {
    pass,
    message: () => {
      if (!found) return `expected ${topic} partition ${partition} in the report; it has none:\n${reportText(report)}`;
      if (pass) return `expected ${topic}/${partition} not to check out, but it does`;
      const counts = mismatched.map(
        ([key, value]) => `${key} ${String(found[key as keyof PartitionReport])} (expected ${String(value)})`,
      );
      return `expected ${topic}/${partition} to check out${counts.length ? `; ${counts.join(", ")}` : ""}:\n${reportText(report)}`;
    },
  };
}

/**
 * `await expect(stack).toHaveStreamShard("streaming-<user id>-pin", { records: 3 })`: that shard checks out (every
 * record a client was told was stored is in it once, in order, with the bytes the gateway sent), with these counts.
 * The shard is the stream's first unless named.
 */
async function toHaveStreamShard(
  received: DeliveryTarget,
  stream: string,
  expected: ShardExpectation & { shardId?: string } = {},
): Promise<MatcherResult> {
  const report = await reportOf(received);
  const { shardId = FIRST_SHARD, ...counts } = expected;
  const found = report.streams?.find((s) => s.stream === stream && s.shardId === shardId);
  const errors = found?.findings.filter((f) => f.severity === "error") ?? [];
  const mismatched = found
    ? Object.entries(counts).filter(([key, value]) => found[key as keyof ShardExpectation] !== value)
    : [];
  const pass = found !== undefined && errors.length === 0 && mismatched.length === 0;
  return {
    pass,
    message: () => {
      if (!found) return `expected ${stream} ${shardId} in the report; it has none:\n${reportText(report)}`;
      if (pass) return `expected ${stream} ${shardId} not to check out, but it does`;
      const shown = mismatched.map(
        ([key, value]) => `${key} ${String(found[key as keyof ShardExpectation])} (expected ${String(value)})`,
      );
      return `expected ${stream} ${shardId} to check out${shown.length ? `; ${shown.join(", ")}` : ""}:\n${reportText(report)}`;
    },
  };
}

/** For `expect.extend(pinpipeMatchers)`. */
export const pinpipeMatchers = { toHaveDelivered, toHavePartition, toHaveStreamShard };

interface PinpipeMatchers<R = unknown> {
  toHaveDelivered(expected?: DeliveredExpectation): Promise<R>;
  toHavePartition(topic: string, partition: number, expected?: PartitionExpectation): Promise<R>;
  toHaveStreamShard(stream: string, expected?: ShardExpectation & { shardId?: string }): Promise<R>;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends PinpipeMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends PinpipeMatchers {}
}
