import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_ROWS } from "../fixtures/generator/dataset.ts";
import { reportHtml } from "./check/report-html.ts";
import { checkRunningStack } from "./check/check-running.ts";
import type { CheckReport, Finding } from "./check/types.ts";
import { readJournal } from "./components/gateway/journal.ts";
import { config } from "./config.ts";
import { describeDiscovery, discoverTargets, type Discovery } from "./emulator/discover.ts";
import { diagnoseEmulator } from "./emulator/diagnose.ts";
import { planEmulator, provisionEmulator, type EmulatorPlan, type EmulatorPython } from "./emulator/plan.ts";
import { REFERENCE_EMULATOR, runEmulator, type EmulatorRunResult } from "./emulator/run.ts";
import { progress as defaultProgress } from "./runtime/progress.ts";
import { startStack, type StackOptions, type StartedStack } from "./stack.ts";
import { finding } from "./check/finding-codes.ts";

export interface JobOptions extends StackOptions {
  /** The emulator to run, as typed on a command line; default the bundled reference emulator. */
  emulator?: string;
  /** Where the emulator's command runs, as in a shell; default the current directory. */
  cwd?: string;
  /** Stop the emulator after this many accepted records (default 300 when no duration is given). */
  records?: number;
  durationS?: number;
  /** More requirements files for the emulator's virtualenv. */
  requirements?: string[];
  /** How long to wait for the sink to write what Kafka holds. */
  sinkTimeoutMs?: number;
  /** Keep the run's gateway journal in this file, for `pinpipe replay`. */
  record?: string;
  /**
   * Runs beside the emulator once the stack is up (a scenario's faults); the checks wait for it to end. It is
   * told when the emulator has stopped.
   */
  during?: (stack: StartedStack, emulatorStopped: Promise<void>) => Promise<void>;
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

/** What was found in the emulator's folder, and what the flags pinned instead. */
function targetLines(options: JobOptions, discovery: Discovery | undefined): string[] {
  const lines = discovery ? describeDiscovery(discovery) : [];
  if (options.stage !== undefined) lines.push(`stage ${options.stage} (pinned by --stage)`);
  if (options.userId !== undefined) lines.push(`user id ${options.userId} (pinned by --user-id)`);
  return lines;
}

/** The AWS names the run answered, said once each, with the login the script used. */
function answeredLines(run: EmulatorRunResult): string[] {
  const logins = [...new Set(run.rds.flatMap((event) => (event.type === "login" ? [event.user] : [])))];
  const lines: string[] = [];
  if (run.wroteDbCreds) {
    lines.push(`wrote db_creds.yaml for the run (there was none), for pinpipe's MySQL; removed afterwards`);
  }
  for (const host of new Set(run.names.filter((n) => n.type === "rds").map((n) => n.host))) {
    lines.push(
      `answered ${host} with pinpipe's MySQL, read-only${logins.length ? ` (login ${logins.join(", ")})` : ""}`,
    );
  }
  for (const host of new Set(run.names.filter((n) => n.type === "execute-api").map((n) => n.host))) {
    lines.push(`answered ${host} with pinpipe's API Gateway`);
  }
  return lines;
}

/** Starts the stack while the emulator's virtualenv is built; a failure of either leaves nothing running. */
async function startWithPython(
  stackStart: Promise<StartedStack>,
  pythonStart: Promise<EmulatorPython>,
): Promise<[StartedStack, EmulatorPython]> {
  const [stack, python] = await Promise.allSettled([stackStart, pythonStart]);
  if (stack.status === "fulfilled" && python.status === "fulfilled") return [stack.value, python.value];
  if (stack.status === "fulfilled") await stack.value.stop();
  throw stack.status === "rejected" ? stack.reason : (python as PromiseRejectedResult).reason;
}

/** `pinpipe run`: up, run the emulator, wait for the sink, check every partition, down. */
export async function runJob(options: JobOptions = {}): Promise<JobResult> {
  const say = options.progress ?? defaultProgress;
  const records = options.records ?? (options.durationS === undefined ? 300 : undefined);
  const reference = options.emulator === undefined;
  // The reference emulator runs in its own folder, as its author would run it; any other in the caller's.
  const plan: EmulatorPlan = await planEmulator(
    reference
      ? { command: `python3 ${JSON.stringify(REFERENCE_EMULATOR)}`, cwd: dirname(REFERENCE_EMULATOR) }
      : { command: options.emulator as string, cwd: options.cwd ?? process.cwd() },
  );
  const discovery = reference
    ? undefined
    : await discoverTargets({ cwd: plan.cwd, entryScripts: plan.entryScripts, environment: config().childEnv });
  const stage = options.stage ?? discovery?.stage?.value;
  const userId = options.userId ?? discovery?.userId?.value;
  const found = targetLines(options, discovery);
  for (const line of found) say(line);

  const [stack, python] = await startWithPython(
    startStack({ restProxyPort: 0, ...options, stage, userId }),
    provisionEmulator(plan, {
      cacheDir: options.cacheDir ?? config().cacheDir,
      requirements: options.requirements,
      progress: say,
    }),
  );
  try {
    const { journalFile } = stack;
    const emulatorRun = runEmulator({
      command: plan.command,
      plan,
      python,
      stack,
      records,
      durationS: options.durationS,
      requirements: options.requirements,
      env: reference
        ? { INVOKE_URL: stack.info.invokeUrl, USER_ID: stack.info.userId, EMULATOR_SLEEP_SCALE: REFERENCE_SLEEP_SCALE }
        : {},
      progress: say,
    });
    const during = options.during?.(
      stack,
      emulatorRun.then(
        () => undefined,
        () => undefined,
      ),
    );
    const emulator = await emulatorRun.finally(() => during);
    await during;
    say(
      `emulator stopped (${emulator.stoppedBy}) after ${emulator.accepted ?? 0} accepted records; waiting for the sink`,
    );
    await stack.gateway.settle();
    if (options.record !== undefined) {
      await mkdir(dirname(resolve(options.record)), { recursive: true });
      await copyFile(journalFile, options.record);
      say(`gateway journal kept in ${options.record} (pinpipe replay ${options.record})`);
    }
    const report = await checkRunningStack(stack.info, {
      journalFile,
      waitForSinkMs: options.sinkTimeoutMs ?? 60_000,
    });
    const diagnosis = diagnoseEmulator({
      run: emulator,
      journal: await readJournal(journalFile),
      stage: stack.gateway.stage,
      pinned: { stage: options.stage !== undefined, userId: options.userId !== undefined },
      topics: stack.info.topics,
      streams: stack.info.kinesis.streams,
      rows: options.fixtures === false ? 0 : (options.fixtures?.rows ?? DEFAULT_ROWS),
      checksFailed: !report.ok,
    });
    const findings: Finding[] = diagnosis
      ? [finding(diagnosis.code, { message: diagnosis.cause, fix: diagnosis.fix })]
      : [];
    report.findings.unshift(...findings);
    report.emulator = {
      command: plan.command,
      cwd: plan.cwd,
      stoppedBy: emulator.stoppedBy,
      stopStep: emulator.stopStep,
      exitCode: emulator.exitCode,
      accepted: emulator.accepted ?? 0,
      found: [...found, ...python.notes, ...answeredLines(emulator)],
      outputTail: emulator.outputTail,
    };
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
