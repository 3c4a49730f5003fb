import type { CheckReport, EmulatorSummary, Finding, ReplaySummary, StreamShardReport } from "./types.ts";

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function describeFinding(finding: Finding, scope: string): string {
  const mark = finding.severity === "error" ? "✗" : "!";
  const where = finding.where ? ` (${finding.where})` : "";
  const fix = finding.fix ? `\n      fix: ${finding.fix}` : "";
  return `  ${mark} ${scope}${finding.code}: ${finding.message}${where}${fix}`;
}

const TAIL_LINES_SHOWN = 12;

function emulatorLines(emulator: EmulatorSummary, failed: boolean): string[] {
  const ended =
    emulator.stoppedBy === "exited" ? `exited with code ${emulator.exitCode}` : `stopped (${emulator.stoppedBy})`;
  const lines = [
    `emulator: ${emulator.command} (in ${emulator.cwd}) ${ended} after ${emulator.accepted} accepted records`,
    ...emulator.found.map((line) => `  ${line}`),
  ];
  const tail = emulator.outputTail.filter((line) => line.trim() !== "").slice(-TAIL_LINES_SHOWN);
  if (failed && tail.length > 0) lines.push("  its last lines:", ...tail.map((line) => `  | ${line}`));
  return lines;
}

/** Says what a replay sent and where the fresh stack answered otherwise than the recorded one. */
export function replayLines(replay: ReplaySummary): string[] {
  const pace =
    replay.speed === 0 ? "without pauses" : replay.speed === 1 ? "at the recorded pace" : `${replay.speed}× faster`;
  const lines = [`replay: ${replay.sent} requests of ${replay.journal}, ${pace}`];
  const changes = Object.entries(replay.statusChanges);
  lines.push(
    changes.length === 0
      ? "  every answer had the recorded status"
      : `  answered otherwise: ${changes.map(([change, n]) => `${n} × ${change}`).join(", ")}`,
  );
  if (replay.truncated > 0) lines.push(`  ${replay.truncated} bodies were cut in the journal and sent as kept`);
  if (replay.failed > 0) lines.push(`  ${replay.failed} requests got no answer`);
  return lines;
}

const MAX_FINDINGS_PER_PARTITION = 10;

function result(findings: readonly Finding[]): string {
  return findings.some((f) => f.severity === "error") ? "FAIL" : findings.length > 0 ? "ok (warnings)" : "ok";
}

/** The first few findings of a partition or a shard, each with its scope. */
function scopedFindings(findings: readonly Finding[], scope: string): string[] {
  const lines = findings.slice(0, MAX_FINDINGS_PER_PARTITION).map((f) => describeFinding(f, `${scope} `));
  if (findings.length > MAX_FINDINGS_PER_PARTITION) {
    lines.push(`  … and ${findings.length - MAX_FINDINGS_PER_PARTITION} more in ${scope} (--json has all)`);
  }
  return lines;
}

/** The streaming half beside the Kafka half: one row per stream and shard. */
function streamLines(shards: readonly StreamShardReport[]): string[] {
  return [
    "kinesis streams",
    table([
      ["stream", "shard", "acked", "in stream", "result"],
      ...shards.map((s) => [s.stream, s.shardId, String(s.acknowledged), String(s.records), result(s.findings)]),
    ]),
  ];
}

/**
 * The report for a terminal: one row per partition (and per stream shard, when the streaming half was used), then
 * what was found, the first few of each.
 */
export function reportText(report: CheckReport): string {
  const dash = (n: number | undefined): string => (n === undefined ? "-" : String(n));
  const rows = [
    ["topic", "partition", "objects", "records", "kafka", "acked", "pending", "result"],
    ...report.partitions.map((p) => [
      p.topic,
      String(p.partition),
      String(p.objects),
      String(p.records),
      dash(p.kafkaRecords),
      dash(p.acknowledged),
      dash(p.pending),
      result(p.findings),
    ]),
  ];
  const streams = report.streams ?? [];
  // A run of the streaming half alone has no partition: that is no finding, and an empty table says nothing.
  const streamsOnly = report.partitions.length === 0 && streams.length > 0;
  const lines = [
    ...(report.emulator ? [...emulatorLines(report.emulator, !report.ok), ""] : []),
    ...(report.replay ? [...replayLines(report.replay), ""] : []),
    `s3://${report.bucket}/${report.prefix}${streamsOnly ? ": no partition has objects under this prefix" : ""}`,
    ...(streamsOnly ? [] : [table(rows)]),
    ...(streams.length > 0 ? ["", ...streamLines(streams)] : []),
  ];
  const details: string[] = [];
  for (const p of report.partitions) details.push(...scopedFindings(p.findings, `${p.topic}/${p.partition}`));
  for (const s of streams) details.push(...scopedFindings(s.findings, `${s.stream}/${s.shardId}`));
  details.push(...report.findings.map((f) => describeFinding(f, "")));
  if (report.partitions.length === 0 && !streamsOnly) details.push("  ! no partition has objects under this prefix");
  if (details.length > 0) lines.push("", ...details);
  const passed = streams.length > 0 ? "every partition and shard checks out" : "every partition checks out";
  lines.push("", report.ok ? passed : "some checks failed");
  return `${lines.join("\n")}\n`;
}
