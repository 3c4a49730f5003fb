import { randomBytes } from "node:crypto";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { config } from "../config.ts";
import type { RdsEvent } from "../components/mysql/rds/index.ts";
import type { GatewayTarget } from "../components/gateway/https-proxy/index.ts";
import { projectPath } from "../paths.ts";
import { ManagedProcess } from "../runtime/process.ts";
import { progress as defaultProgress, type ProgressSink } from "../runtime/progress.ts";
import type { AckCounter } from "../check/ack-counter.ts";
import type { StackInfo } from "../stack-info.ts";
import { startAwsStandIns, type EmulatorLinks, type NameEvent } from "./aws/stand-ins.ts";
import { placeDbCreds } from "./db-creds.ts";
import { isBarePython } from "./entry-scripts.ts";
import { planEmulator, provisionEmulator, type EmulatorPlan, type EmulatorPython } from "./plan.ts";
import { RUN_MARKER_VARIABLE, STOP_WAITS_MS, stopEmulator } from "./stop.ts";

export const REFERENCE_EMULATOR = projectPath("fixtures", "emulator", "user_posting_emulation_batch.py");

/** What the runner needs of a stack; a `StartedStack` is one. */
export interface EmulatorStack {
  info: StackInfo;
  /** When given, the script's `https://<id>.execute-api.<region>.amazonaws.com` URLs reach it. */
  gateway?: GatewayTarget;
  cacheDir: string;
  logDir: string;
  /** When given (and no `acceptedRecords`), the run counts the records acknowledged after it began. */
  acks?(): AckCounter;
  /** When given, the run's connections to the RDS and execute-api stand-ins are faultable links of the stack. */
  emulatorLinks?: EmulatorLinks;
}

export interface EmulatorRunOptions {
  /** As typed on a command line, e.g. `python3 path/to/user_posting_emulation.py`. */
  command: string;
  stack: EmulatorStack;
  /** Stop once this many records were accepted (as `acceptedRecords` counts them). */
  records?: number;
  /** Stop after this many seconds. */
  durationS?: number;
  /** With `records` and no `durationS`: stop once no record was accepted for this long (default STALL_SECONDS). */
  stallS?: number;
  /** Polled while the emulator runs: the number of records accepted so far; default from `stack.acks()`. */
  acceptedRecords?: () => Promise<number> | number;
  /** More requirements files for the emulator's virtualenv. */
  requirements?: readonly string[];
  /** More environment variables for the emulator. */
  env?: Record<string, string>;
  /** Where the command runs, as in a shell; paths in it are resolved from here. Default: the current directory. */
  cwd?: string;
  /** The plan made ahead (`planEmulator`), so a Python too old is found before anything starts. */
  plan?: EmulatorPlan;
  /** The virtualenv made ahead (`provisionEmulator`), for example while the stack starts. */
  python?: EmulatorPython;
  progress?: ProgressSink;
}

const TAIL_LINES = 20;

export type StopReason = "records" | "duration" | "stalled" | "exited";

/**
 * A run that waits for a record count stops once no record was accepted for this long while the emulator kept
 * running: every call refused or timing out (a wrong topic answers only after API Gateway's 29 s) would otherwise
 * keep the run going for ever.
 */
export const STALL_SECONDS = 60;

export interface EmulatorRunResult {
  stoppedBy: StopReason;
  /** What ended it once pinpipe asked: it had exited already, Enter, SIGINT, SIGTERM or SIGKILL. */
  stopStep: "exited" | "newline" | NodeJS.Signals;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  logFile: string;
  /** The last lines the emulator printed. */
  outputTail: string[];
  /** The accepted records counted when it stopped (when a counter was given). */
  accepted?: number;
  /** The AWS names its processes resolved to pinpipe's stand-ins, and those refused. */
  names: NameEvent[];
  /** Logins and notable queries seen at the RDS endpoint. */
  rds: RdsEvent[];
  /** Whether pinpipe wrote db_creds.yaml for the run (there was none) and removed it afterwards. */
  wroteDbCreds: boolean;
  plan: EmulatorPlan;
}

/**
 * What pinpipe adds to the emulator's environment besides the AWS stand-ins: the virtualenv first on PATH,
 * unbuffered output, byte-code kept out of the author's folder, and, for scripts written for pinpipe, where things
 * are under names no course script uses.
 */
export function emulatorEnv(
  stack: StackInfo,
  venvBin: string,
  cacheDir: string,
  basePath: string | undefined,
): Record<string, string> {
  return {
    PINPIPE_INVOKE_URL: stack.invokeUrl,
    PINPIPE_USER_ID: stack.userId,
    PATH: [venvBin, basePath].filter(Boolean).join(delimiter),
    VIRTUAL_ENV: dirname(venvBin),
    PYTHONUNBUFFERED: "1",
    // Python writes __pycache__ beside every module it imports; the author's folder must stay as it was.
    PYTHONPYCACHEPREFIX: join(cacheDir, "python", "pycache"),
  };
}

/** Counts what the stack acknowledges from now on: earlier exchanges belong to someone else. */
async function acksCounter(stack: EmulatorStack): Promise<(() => Promise<number>) | undefined> {
  const counter = stack.acks?.();
  if (!counter) return undefined;
  await counter.skipExisting();
  return () => counter.count();
}

/** Runs an emulator unchanged against a stack until it has sent enough, its time is up, or it exits. */
export async function runEmulator(options: EmulatorRunOptions): Promise<EmulatorRunResult> {
  const say = options.progress ?? defaultProgress;
  const { info, gateway, cacheDir, logDir } = options.stack;
  const plan = options.plan ?? (await planEmulator({ command: options.command, cwd: options.cwd ?? process.cwd() }));
  const python =
    options.python ?? (await provisionEmulator(plan, { cacheDir, requirements: options.requirements, progress: say }));
  const acceptedRecords = options.acceptedRecords ?? (await acksCounter(options.stack));
  const standIns = await startAwsStandIns({
    mysql: info.mysql,
    gateway,
    cacheDir,
    eventsFile: join(logDir, "emulator-names.jsonl"),
    links: options.stack.emulatorLinks,
  });
  const started = Date.now();
  const logFile = join(logDir, "emulator.log");
  let creds = { written: false, remove: async () => {} };
  try {
    creds = await placeDbCreds(plan.cwd, standIns.login);
    const marker = randomBytes(8).toString("hex");
    const env = {
      ...emulatorEnv(info, python.binDir, cacheDir, config().childEnv.PATH),
      ...standIns.env(config().childEnv.PYTHONPATH),
      [RUN_MARKER_VARIABLE]: marker,
      ...options.env,
    };
    const [program = "", ...args] = plan.args;
    // `python3` must be the virtualenv's, so a bare interpreter name is looked up there.
    const command = isBarePython(program) ? join(python.binDir, program) : program;
    say(`running the emulator: ${plan.command} (in ${plan.cwd}; output in ${logFile})`);
    const emulator = await ManagedProcess.spawn({
      name: "emulator",
      command,
      args,
      cwd: plan.cwd,
      env,
      logFile,
      stdin: "pipe",
    });
    let stoppedBy: StopReason = "exited";
    let accepted: number | undefined;
    const deadline = options.durationS === undefined ? Infinity : started + options.durationS * 1000;
    const stallMs = (options.stallS ?? STALL_SECONDS) * 1000;
    let progressAt = Date.now();
    while (emulator.running) {
      const before = accepted;
      if (acceptedRecords) accepted = await acceptedRecords();
      if (accepted !== before) progressAt = Date.now();
      if (options.records !== undefined && accepted !== undefined && accepted >= options.records) {
        stoppedBy = "records";
        break;
      }
      if (Date.now() >= deadline) {
        stoppedBy = "duration";
        break;
      }
      // Only a run that waits for a count can stall: a run of given seconds ends at its time anyway.
      const waitsForCount = acceptedRecords !== undefined && options.records !== undefined;
      if (waitsForCount && options.durationS === undefined && Date.now() - progressAt >= stallMs) {
        stoppedBy = "stalled";
        break;
      }
      await Promise.race([emulator.exited, delay(100)]);
    }
    // What it printed before pinpipe stopped it (or all, if it ended by itself): a Ctrl-C traceback says nothing.
    const tail = emulator.logTail(TAIL_LINES);
    // Also when it exited by itself: children it left behind must not outlive the run.
    const stopStep = await stopEmulator(emulator, marker, {
      ...STOP_WAITS_MS,
      newline: plan.readsStdin ? STOP_WAITS_MS.newline : 0,
    });
    if (acceptedRecords) accepted = await acceptedRecords();
    const exit = emulator.exitStatus;
    return {
      stoppedBy,
      stopStep,
      exitCode: exit?.code ?? null,
      signal: exit?.signal ?? null,
      durationMs: Date.now() - started,
      logFile,
      outputTail: tail.split("\n"),
      accepted,
      names: await standIns.nameEvents(),
      rds: [...standIns.rdsEvents],
      wroteDbCreds: creds.written,
      plan,
    };
  } finally {
    await creds.remove();
    await standIns.stop();
  }
}
