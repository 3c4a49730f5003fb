import { existsSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { config } from "../config.ts";
import { projectPath } from "../paths.ts";
import { ManagedProcess } from "../runtime/process.ts";
import { ensurePythonEnv } from "../runtime/python.ts";
import { progress as defaultProgress, type ProgressSink } from "../runtime/progress.ts";
import type { StackInfo } from "../stack-info.ts";
import { splitCommandLine } from "./command-line.ts";
import { placeDbCreds } from "./db-creds.ts";

export const REFERENCE_EMULATOR = projectPath("fixtures", "emulator", "user_posting_emulation_batch.py");
export const REFERENCE_REQUIREMENTS = projectPath("fixtures", "emulator", "requirements.txt");

export interface EmulatorRunOptions {
  /** As typed on a command line, e.g. `python3 path/to/user_posting_emulation.py`. */
  command: string;
  stack: StackInfo;
  cacheDir: string;
  logDir: string;
  /** Stop once this many records were accepted (as `acceptedRecords` counts them). */
  records?: number;
  /** Stop after this many seconds. */
  durationS?: number;
  /** Polled while the emulator runs: the number of records accepted so far. */
  acceptedRecords?: () => Promise<number> | number;
  /** More requirements files for the emulator's virtualenv. */
  requirements?: readonly string[];
  /** More environment variables for the emulator. */
  env?: Record<string, string>;
  cwd?: string;
  progress?: ProgressSink;
}

export type StopReason = "records" | "duration" | "exited";

export interface EmulatorRunResult {
  stoppedBy: StopReason;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  logFile: string;
  /** The accepted records counted when it stopped (when a counter was given). */
  accepted?: number;
}

/** The folder the emulator runs in: that of the script it names, as users run `python3 script.py` there. */
export function emulatorDir(args: readonly string[], cwd: string): string {
  for (const arg of args.slice(1)) {
    const candidate = resolve(cwd, arg);
    if (/\.py$/.test(arg) && existsSync(candidate) && statSync(candidate).isFile()) return dirname(candidate);
  }
  return cwd;
}

/** The emulator's environment: where to post, who it is, the database, and the virtualenv first on PATH. */
export function emulatorEnv(stack: StackInfo, venvBin: string, basePath: string): Record<string, string> {
  return {
    INVOKE_URL: stack.invokeUrl,
    USER_ID: stack.userId,
    DB_HOST: stack.mysql.host,
    DB_PORT: String(stack.mysql.port),
    DB_USER: stack.mysql.user,
    DB_PASSWORD: stack.mysql.password,
    DB_DATABASE: stack.mysql.database,
    DB_NAME: stack.mysql.database,
    PATH: [venvBin, basePath].filter(Boolean).join(delimiter),
    VIRTUAL_ENV: dirname(venvBin),
    PYTHONUNBUFFERED: "1",
  };
}

/** Runs an emulator unchanged against a stack until it has sent enough, its time is up, or it exits. */
export async function runEmulator(options: EmulatorRunOptions): Promise<EmulatorRunResult> {
  const say = options.progress ?? defaultProgress;
  const args = splitCommandLine(options.command);
  const cwd = emulatorDir(args, options.cwd ?? process.cwd());
  const venv = await ensurePythonEnv({
    cacheDir: options.cacheDir,
    requirements: [REFERENCE_REQUIREMENTS, ...(options.requirements ?? [])],
  });
  const removeCreds = await placeDbCreds(cwd, options.stack.mysql);
  const started = Date.now();
  const logFile = join(options.logDir, "emulator.log");
  try {
    const basePath = config().childEnv.PATH ?? "";
    const env = { ...emulatorEnv(options.stack, venv.binDir, basePath), ...options.env };
    // `python3` must resolve to the virtualenv's, so the program is looked up on the emulator's own PATH.
    const program = args[0] === "python" || args[0] === "python3" ? join(venv.binDir, args[0]) : (args[0] as string);
    say(`running the emulator: ${options.command} (in ${cwd}; output in ${logFile})`);
    const emulator = await ManagedProcess.spawn({
      name: "emulator",
      command: program,
      args: args.slice(1),
      cwd,
      env,
      logFile,
      stopTimeoutMs: 5000,
    });
    let stoppedBy: StopReason = "exited";
    let accepted: number | undefined;
    const deadline = options.durationS === undefined ? Infinity : started + options.durationS * 1000;
    while (emulator.running) {
      if (options.acceptedRecords) accepted = await options.acceptedRecords();
      if (options.records !== undefined && accepted !== undefined && accepted >= options.records) {
        stoppedBy = "records";
        break;
      }
      if (Date.now() >= deadline) {
        stoppedBy = "duration";
        break;
      }
      await Promise.race([emulator.exited, delay(100)]);
    }
    await emulator.stop();
    if (options.acceptedRecords) accepted = await options.acceptedRecords();
    const exit = emulator.exitStatus;
    return {
      stoppedBy,
      exitCode: exit?.code ?? null,
      signal: exit?.signal ?? null,
      durationMs: Date.now() - started,
      logFile,
      accepted,
    };
  } finally {
    await removeCreds();
  }
}
