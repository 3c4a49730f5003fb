import type {} from "vitest";
import { checkRunningStack } from "../check/check-running.ts";
import { reportText } from "../check/report-text.ts";
import type { CheckReport, PartitionReport } from "../check/types.ts";
import type { StackInfo } from "../stack-info.ts";

/** What the matchers take: a check report, or a running stack to check (waiting for its sink first). */
export type DeliveryTarget =
  CheckReport | { info: StackInfo; journalFile?: string; gateway?: { flushLogs(): Promise<void> } };

export interface DeliveredExpectation {
  /** At least this many records acknowledged to clients, over all the stack's topics. */
  records?: number;
}

export type PartitionExpectation = Partial<
  Pick<PartitionReport, "objects" | "records" | "kafkaRecords" | "acknowledged" | "pending">
>;

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
 * `await expect(stack).toHaveDelivered({ records: 30 })`: every check of every partition passes (nothing a
 * client was told was accepted is missing, duplicated or changed in S3), and enough records were accepted.
 */
async function toHaveDelivered(received: DeliveryTarget, expected: DeliveredExpectation = {}): Promise<MatcherResult> {
  const report = await reportOf(received);
  const acknowledged = report.partitions.reduce((sum, p) => sum + (p.acknowledged ?? 0), 0);
  const enough = expected.records === undefined || acknowledged >= expected.records;
  return {
    pass: report.ok && enough,
    message: () =>
      report.ok && enough
        ? `expected the stack not to have delivered, but every partition checks out:\n${reportText(report)}`
        : `expected every acknowledged record in S3${expected.records === undefined ? "" : ` (at least ${expected.records}; ${acknowledged} acknowledged)`}:\n${reportText(report)}`,
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

/** For `expect.extend(pinpipeMatchers)`. */
export const pinpipeMatchers = { toHaveDelivered, toHavePartition };

interface PinpipeMatchers<R = unknown> {
  toHaveDelivered(expected?: DeliveredExpectation): Promise<R>;
  toHavePartition(topic: string, partition: number, expected?: PartitionExpectation): Promise<R>;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends PinpipeMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends PinpipeMatchers {}
}
