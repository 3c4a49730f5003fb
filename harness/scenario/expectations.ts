import type { CheckReport, PartitionReport } from "../check/types.ts";
import type { JournalEntry } from "../components/gateway/journal.ts";
import type { ScenarioExpectations } from "./file.ts";

/** One expectation of a scenario, held against what the run did. */
export interface ExpectationResult {
  what: string;
  expected: string;
  actual: string;
  ok: boolean;
}

const LOST = new Set(["MISSING_IN_S3", "ACK_NOT_IN_KAFKA"]);

/** Records in Kafka or acknowledged to the client that are in no S3 object. */
export function lostRecords(p: PartitionReport): number {
  return p.findings.filter((f) => LOST.has(f.code)).length;
}

/** Offsets that two objects both hold: written to S3 twice. */
export function duplicatedOffsets(p: PartitionReport): number {
  return p.findings
    .filter((f) => f.code === "OVERLAP")
    .reduce((sum, f) => {
      const range = /offsets (\d+)\.\.(\d+)/.exec(f.message);
      return sum + (range ? Number(range[2]) - Number(range[1]) + 1 : 1);
    }, 0);
}

/** `>=1`, `<=3`, `>0`, `0`: whether `actual` meets it. */
export function meets(actual: number, condition: string): boolean {
  const match = /^\s*(>=|<=|>|<|=)?\s*(\d+)\s*$/.exec(condition);
  if (!match) return false;
  const bound = Number(match[2]);
  switch (match[1]) {
    case ">=":
      return actual >= bound;
    case "<=":
      return actual <= bound;
    case ">":
      return actual > bound;
    case "<":
      return actual < bound;
    default:
      return actual === bound;
  }
}

/** Holds the scenario's expectations against the report and the gateway's journal. */
export function checkExpectations(
  expect: ScenarioExpectations,
  report: CheckReport,
  journal: readonly JournalEntry[],
): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const add = (what: string, expected: string, actual: string, ok: boolean): void => {
    results.push({ what, expected, actual, ok });
  };
  if (expect.ok !== undefined) add("verdict", String(expect.ok), String(report.ok), report.ok === expect.ok);
  const lost = report.partitions.reduce((sum, p) => sum + lostRecords(p), 0);
  const duplicated = report.partitions.reduce((sum, p) => sum + duplicatedOffsets(p), 0);
  if (expect.lost !== undefined) add("lost records", `<= ${expect.lost}`, String(lost), lost <= expect.lost);
  if (expect.duplicated !== undefined) {
    add("duplicated offsets", `<= ${expect.duplicated}`, String(duplicated), duplicated <= expect.duplicated);
  }
  const objects = report.partitions.reduce((sum, p) => sum + p.objects, 0);
  const pending = report.partitions.reduce((sum, p) => sum + (p.pending ?? 0), 0);
  if (expect.objects !== undefined)
    add("objects in S3", expect.objects, String(objects), meets(objects, expect.objects));
  if (expect.pending !== undefined)
    add("records the sink holds", expect.pending, String(pending), meets(pending, expect.pending));
  const codes = new Set<string>(
    [...report.findings, ...report.partitions.flatMap((p) => p.findings)].map((f) => f.code),
  );
  for (const code of expect.findings ?? [])
    add(`finding ${code}`, "present", codes.has(code) ? "present" : "absent", codes.has(code));
  for (const [status, condition] of Object.entries(expect.gateway ?? {})) {
    const count = journal.filter((e) => String(e.status) === status).length;
    add(`gateway ${status} answers`, condition, String(count), meets(count, condition));
  }
  if (expect.latencyMs !== undefined) {
    const times = journal.filter((e) => e.status === 200).map((e) => e.latencyMs);
    const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
    add(
      "median gateway latency (ms) of 200 answers",
      expect.latencyMs,
      String(median),
      meets(median, expect.latencyMs),
    );
  }
  const tasks = report.connector?.tasks ?? [];
  if (expect.connector !== undefined) {
    const states = tasks.map((t) => t.state).join(", ") || "none";
    add(
      "connector tasks",
      expect.connector,
      states,
      tasks.length > 0 && tasks.every((t) => t.state === expect.connector),
    );
  }
  if (expect.trace !== undefined) {
    const found = tasks.some((t) => t.trace?.includes(expect.trace as string));
    add("task trace", `holds "${expect.trace}"`, found ? "it does" : "it does not", found);
  }
  return results;
}
