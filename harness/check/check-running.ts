import type { StackInfo } from "../stack-info.ts";
import { checkStack } from "./check-stack.ts";
import { sinkLineEncoder } from "./sink-encoding.ts";
import { connectorStatus, failedTasks } from "./connector-status.ts";
import { finding, FindingCode } from "./finding-codes.ts";
import type { CheckReport } from "./types.ts";
import { waitForSink } from "./wait-for-sink.ts";

/** The connector's configuration as the Connect worker reports it: what the sink really runs with. */
export async function connectorConfig(info: StackInfo): Promise<Record<string, string>> {
  const response = await fetch(`${info.connectUrl}/connectors/${encodeURIComponent(info.connector)}/config`);
  if (!response.ok) throw new Error(`GET connector ${info.connector} config: HTTP ${response.status}`);
  return (await response.json()) as Record<string, string>;
}

export interface RunningCheckOptions {
  /** The gateway journal of the stack, for what clients were told. */
  journalFile?: string;
  /** First wait (up to this long) for the sink to write what Kafka holds; 0 to check at once. */
  waitForSinkMs?: number;
}

/** Checks a running stack with its connector's own settings: flush.size, rotation, topics.dir, format. */
export async function checkRunningStack(info: StackInfo, options: RunningCheckOptions = {}): Promise<CheckReport> {
  const config = await connectorConfig(info);
  const flushSize = Number(config["flush.size"] ?? "1");
  if (options.waitForSinkMs) await waitForSink(info, config, options.waitForSinkMs);
  const report = await checkStack({
    info,
    journalFile: options.journalFile,
    topicsDir: config["topics.dir"] || "topics",
    flushSize,
    timeRotation: ["rotate.interval.ms", "rotate.schedule.interval.ms"].some((key) => Number(config[key] ?? "-1") > 0),
    expectedLine: sinkLineEncoder(config),
  });
  const status = await connectorStatus(info);
  if (status) report.connector = status;
  for (const task of failedTasks(status)) {
    report.findings.push(
      finding(FindingCode.ConnectorFailed, {
        message: `task ${task.id} of ${info.connector} is FAILED: ${task.trace?.split("\n")[0] ?? "no trace"}`,
        where: `${info.connector}-${task.id}`,
        ...(task.trace !== undefined && { actual: task.trace }),
        fix: "read the trace; restart the task (POST /connectors/<name>/tasks/<id>/restart) once its cause is fixed",
      }),
    );
  }
  report.ok = report.ok && failedTasks(status).length === 0;
  return report;
}
