import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { reportHtml } from "./check/report-html.ts";
import { AckCounter } from "./check/ack-counter.ts";
import { checkRunningStack } from "./check/check-running.ts";
import type { CheckReport, Finding } from "./check/types.ts";
import { REFERENCE_EMULATOR, runEmulator, type EmulatorRunResult } from "./emulator/run.ts";
import { progress as defaultProgress } from "./runtime/progress.ts";
import { startExecuteApiProxy } from "./components/gateway/https-proxy/index.ts";
import { startStack, type StackOptions } from "./stack.ts";

export interface JobOptions extends StackOptions {
  /** The emulator to run, as typed on a command line; default the bundled reference emulator. */
  emulator?: string;
  /** Stop the emulator after this many accepted records (default 300 when no duration is given). */
  records?: number;
  durationS?: number;
  /** More requirements files for the emulator's virtualenv. */
  requirements?: string[];
  /** How long to wait for the sink to write what Kafka holds. */
  sinkTimeoutMs?: number;
}

export interface JobResult {
  report: CheckReport;
  /** The report as an HTML page: `<state dir>/report.html`. */
  reportFile: string;
  emulator: EmulatorRunResult;
  ok: boolean;
}

/** The reference emulator pauses 0 or 1 s between rows, as the course's does; a tenth of that keeps a run short. */
const REFERENCE_SLEEP_SCALE = "0.1";

function emulatorFindings(result: EmulatorRunResult, wanted: number | undefined): Finding[] {
  if (result.stoppedBy !== "exited" || result.exitCode === 0) return [];
  return [
    {
      severity: "error",
      code: "EMULATOR_FAILED",
      message:
        `the emulator exited with code ${result.exitCode ?? result.signal} after ${result.accepted ?? 0}` +
        `${wanted === undefined ? "" : ` of ${wanted}`} accepted records; its output is in ${result.logFile}`,
    },
  ];
}

/** `pinpipe run`: up, run the emulator, wait for the sink, check every partition, down. */
export async function runJob(options: JobOptions = {}): Promise<JobResult> {
  const say = options.progress ?? defaultProgress;
  const records = options.records ?? (options.durationS === undefined ? 300 : undefined);
  const stack = await startStack({ restProxyPort: 0, ...options });
  try {
    const { journalFile } = stack;
    const counter = new AckCounter(journalFile, stack.info.topics, stack.gateway.flushLogs);
    await counter.skipExisting();
    const reference = options.emulator === undefined;
    // Scripts that hard-code https://<id>.execute-api.<region>.amazonaws.com reach this stack's gateway.
    const executeApiProxy = await startExecuteApiProxy({ gateway: stack.gateway, cacheDir: stack.cacheDir });
    let emulator: EmulatorRunResult;
    try {
      emulator = await runEmulator({
        command: options.emulator ?? `python3 ${JSON.stringify(REFERENCE_EMULATOR)}`,
        stack: stack.info,
        cacheDir: stack.cacheDir,
        logDir: stack.logDir,
        records,
        durationS: options.durationS,
        acceptedRecords: () => counter.count(),
        requirements: options.requirements,
        env: { ...executeApiProxy.env(), ...(reference ? { EMULATOR_SLEEP_SCALE: REFERENCE_SLEEP_SCALE } : {}) },
        progress: say,
      });
    } finally {
      await executeApiProxy.stop();
    }
    say(
      `emulator stopped (${emulator.stoppedBy}) after ${emulator.accepted ?? 0} accepted records; waiting for the sink`,
    );
    await stack.gateway.flushLogs();
    const report = await checkRunningStack(stack.info, {
      journalFile,
      waitForSinkMs: options.sinkTimeoutMs ?? 60_000,
    });
    report.findings.push(...emulatorFindings(emulator, records));
    report.ok = report.ok && report.findings.every((f) => f.severity !== "error");
    // The state folder holds logs/ and stacks/; the report sits beside them.
    const reportFile = join(dirname(stack.logDir), "report.html");
    await writeFile(reportFile, reportHtml(report));
    say(`HTML report: ${reportFile}`);
    return { report, reportFile, emulator, ok: report.ok };
  } finally {
    await stack.stop();
  }
}
