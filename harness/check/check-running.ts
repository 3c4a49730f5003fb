import { JSON_FORMAT } from "../components/sink/format/format.ts";
import { config } from "../config.ts";
import { startOracle, type JavaOracle } from "../oracle/index.ts";
import { progress } from "../runtime/progress.ts";
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
  const connector = await connectorConfig(info);
  // In the native runtime the sink is pinpipe's own: its JSON lines are held to the real Java libraries'.
  const compared = info.runtime === "native" && connector["format.class"] === JSON_FORMAT;
  const oracle = compared ? startOracleOrExplain() : Promise.resolve(undefined);
  try {
    if (options.waitForSinkMs) await waitForSink(info, connector, options.waitForSinkMs);
    return await checkWith(info, connector, options, await oracle);
  } finally {
    await (await oracle)?.close();
  }
}

/**
 * The oracle, or nothing (with a line saying why) when this machine cannot build it: bytes are then compared
 * with pinpipe's own encoder.
 */
async function startOracleOrExplain(): Promise<JavaOracle | undefined> {
  try {
    return await startOracle(config().cacheDir);
  } catch (error) {
    progress(`S3 bytes compared with pinpipe's own encoder: the oracle did not start (${(error as Error).message})`);
    return undefined;
  }
}

async function checkWith(
  info: StackInfo,
  connector: Record<string, string>,
  options: RunningCheckOptions,
  oracle: JavaOracle | undefined,
): Promise<CheckReport> {
  const report = await checkStack({
    info,
    journalFile: options.journalFile,
    topicsDir: connector["topics.dir"] || "topics",
    flushSize: Number(connector["flush.size"] ?? "1"),
    timeRotation: ["rotate.interval.ms", "rotate.schedule.interval.ms"].some(
      (key) => Number(connector[key] ?? "-1") > 0,
    ),
    expectedLines: sinkLineEncoder(connector, oracle),
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
