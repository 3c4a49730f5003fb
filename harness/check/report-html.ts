import { FINDING_CODES } from "./finding-codes.ts";
import { replayLines } from "./report-text.ts";
import { timelineLegend } from "./report-timeline-legend.ts";
import { timelineSummary, timelineSvg } from "./report-timeline-svg.ts";
import { timelineFrame, type TimelineFrame } from "./timeline-layout.ts";
import { escapeMarkup as escape } from "./svg.ts";
import type { CheckReport, EmulatorSummary, Finding, PartitionReport, StreamShardReport } from "./types.ts";

const MAX_ROWS = 500;

function findingRow(finding: Finding): string {
  const diff =
    finding.expected !== undefined || finding.actual !== undefined
      ? `<div class="diff"><pre>${escape(finding.expected ?? "")}</pre><pre>${escape(finding.actual ?? "")}</pre></div>`
      : "";
  const fix = finding.fix ? `<br>fix: ${escape(finding.fix)}` : "";
  const meaning = FINDING_CODES[finding.code]?.meaning;
  return `<li class="${finding.severity}"><b${meaning ? ` title="${escape(meaning)}"` : ""}>${escape(finding.code)}</b> ${escape(finding.message)}${
    finding.where ? ` <code>${escape(finding.where)}</code>` : ""
  }${fix}${diff}</li>`;
}

function emulatorSection(emulator: EmulatorSummary, failed: boolean): string {
  const ended =
    emulator.stoppedBy === "exited" ? `exited with code ${emulator.exitCode}` : `stopped (${emulator.stoppedBy})`;
  const tail = emulator.outputTail.filter((line) => line.trim() !== "");
  return `<section><h2>Emulator</h2>
<p><code>${escape(emulator.command)}</code> in <code>${escape(emulator.cwd)}</code>: ${escape(ended)} after ${emulator.accepted} accepted records</p>
<ul>${emulator.found.map((line) => `<li>${escape(line)}</li>`).join("")}</ul>
${tail.length > 0 ? `<details${failed ? " open" : ""}><summary>Its last lines</summary><pre>${escape(tail.join("\n"))}</pre></details>` : ""}
</section>`;
}

function picture(p: PartitionReport, frame: TimelineFrame): string {
  if (!p.activity) return "";
  return `<figure>${timelineSvg(p, frame)}<figcaption>${escape(timelineSummary(p))}</figcaption></figure>`;
}

function partitionSection(p: PartitionReport, frame: TimelineFrame): string {
  const failed = p.findings.some((f) => f.severity === "error");
  const files = (p.keys ?? [])
    .slice(0, MAX_ROWS)
    .map((k) => `<tr><td><code>${escape(k.key)}</code></td><td>${k.startOffset}</td><td>${k.records}</td></tr>`)
    .join("");
  const timeline = (p.timeline ?? [])
    .slice(0, MAX_ROWS)
    .map(
      (t) =>
        `<tr><td>${escape(t.time)}</td><td><code>${escape(t.requestId)}</code></td><td>${t.offset}</td>` +
        `<td>${t.key ? `<code>${escape(t.key)}</code>` : '<span class="error">in no object</span>'}</td></tr>`,
    )
    .join("");
  const more = (n: number | undefined): string =>
    n !== undefined && n > MAX_ROWS ? `<p>… ${n - MAX_ROWS} more</p>` : "";
  return `<section>
<h2 class="${failed ? "error" : "ok"}">${escape(p.topic)} / partition ${p.partition}: ${failed ? "FAIL" : "ok"}</h2>
<p>${p.objects} objects · ${p.records} records in S3 · ${p.kafkaRecords ?? "-"} in Kafka · ${p.acknowledged ?? "-"} acknowledged · ${p.pending ?? 0} pending</p>
${picture(p, frame)}
${p.findings.length > 0 ? `<h3>Findings</h3><ul>${p.findings.slice(0, MAX_ROWS).map(findingRow).join("")}</ul>${more(p.findings.length)}` : ""}
<details><summary>Timeline: request → offset → object</summary><table><tr><th>time</th><th>request id</th><th>offset</th><th>object</th></tr>${timeline}</table>${more(p.timeline?.length)}</details>
<details><summary>Objects</summary><table><tr><th>key</th><th>start offset</th><th>records</th></tr>${files}</table>${more(p.keys?.length)}</details>
</section>`;
}

const failedIn = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === "error");

/** The streaming half beside the Kafka half: a row per stream and shard, then each shard's findings. */
function streamsSection(shards: readonly StreamShardReport[]): string {
  const rows = shards
    .map(
      (s) =>
        `<tr><td>${escape(s.stream)}</td><td>${escape(s.shardId)}</td><td>${s.acknowledged}</td><td>${s.records}</td>` +
        `<td class="${failedIn(s.findings) ? "error" : "ok"}">${failedIn(s.findings) ? "FAIL" : "ok"}</td></tr>`,
    )
    .join("");
  const details = shards
    .filter((s) => s.findings.length > 0)
    .map(
      (s) =>
        `<h3 class="${failedIn(s.findings) ? "error" : "ok"}">${escape(s.stream)} / ${escape(s.shardId)}</h3>` +
        `<ul>${s.findings.slice(0, MAX_ROWS).map(findingRow).join("")}</ul>` +
        (s.findings.length > MAX_ROWS ? `<p>… ${s.findings.length - MAX_ROWS} more</p>` : ""),
    )
    .join("\n");
  return `<section><h2>Kinesis streams</h2>
<table><tr><th>stream</th><th>shard</th><th>acked</th><th>in stream</th><th>result</th></tr>${rows}</table>
${details}
</section>`;
}

/**
 * The report as one self-contained HTML page (inline SVG, no script, nothing fetched): per-partition counts (and
 * per stream shard), a picture of the run, findings side by side, timeline, objects.
 */
export function reportHtml(report: CheckReport, generatedAt = new Date()): string {
  const frame = timelineFrame(report);
  const pictured = report.partitions.some((p) => p.activity);
  const streams = report.streams ?? [];
  const passed = streams.length > 0 ? "Every partition and shard checks out" : "Every partition checks out";
  const rows = report.partitions
    .map((p) => {
      const failed = p.findings.some((f) => f.severity === "error");
      return `<tr><td>${escape(p.topic)}</td><td>${p.partition}</td><td>${p.objects}</td><td>${p.records}</td><td>${p.kafkaRecords ?? "-"}</td><td>${p.acknowledged ?? "-"}</td><td>${p.pending ?? "-"}</td><td class="${failed ? "error" : "ok"}">${failed ? "FAIL" : "ok"}</td></tr>`;
    })
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pinpipe report: ${escape(report.bucket)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;font-size:.9em}.ok{color:#176f2c}.error{color:#b00020}
.warning{color:#8a5a00}.diff{display:grid;grid-template-columns:1fr 1fr;gap:.5em}.diff pre{background:#f6f6f6;
padding:.4em;white-space:pre-wrap;word-break:break-all;margin:.2em 0}code{font-size:.85em}
figure{margin:.5em 0}svg.timeline{width:100%;max-width:960px;height:auto}figcaption,.legend{font-size:.85em;color:#444}
.legend svg{vertical-align:middle}
</style></head><body>
<h1 class="${report.ok ? "ok" : "error"}">${report.ok ? passed : "Some checks failed"}</h1>
<p>s3://${escape(report.bucket)}/${escape(report.prefix)} · ${escape(generatedAt.toISOString())}</p>
<table><tr><th>topic</th><th>partition</th><th>objects</th><th>records</th><th>kafka</th><th>acked</th><th>pending</th><th>result</th></tr>${rows}</table>
${streams.length > 0 ? streamsSection(streams) : ""}
${report.emulator ? emulatorSection(report.emulator, !report.ok) : ""}
${report.replay ? `<section><h2>Replay</h2><pre>${escape(replayLines(report.replay).join("\n"))}</pre></section>` : ""}
${report.findings.length > 0 ? `<h2>Other findings</h2><ul>${report.findings.map(findingRow).join("")}</ul>` : ""}
${pictured ? timelineLegend(report) : ""}
${report.partitions.map((p) => partitionSection(p, frame)).join("\n")}
</body></html>
`;
}
