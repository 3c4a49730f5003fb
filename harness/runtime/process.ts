import { spawn } from "node:child_process";
import type { Writable } from "node:stream";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { config } from "../config.ts";
import { registerProcessGroup, unregisterProcessGroup } from "./reaper.ts";
import { signalProcessGroup } from "./process-groups.ts";

export interface ManagedProcessOptions {
  /** The component name, used in errors and progress lines. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  /** Added to the captured environment of the harness. */
  env?: Record<string, string>;
  /** Both stdout and stderr go here, truncated at start unless `appendLog` is set. */
  logFile: string;
  /** Appends to `logFile`: a component started again in place keeps the lines of its earlier runs. */
  appendLog?: boolean;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  /** "pipe" keeps the child's stdin open for `write()`, as a terminal would; default "ignore". */
  stdin?: "ignore" | "pipe";
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const TAIL_LINES = 40;
/** How long after an exit its pipes may stay open (a grandchild holding them) before the log is closed anyway. */
const PIPES_CLOSE_MS = 2000;

/** A child process in its own process group, logged to a file, that dies with the harness. */
export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;
  private readonly tail: string[] = [];
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly stopTimeoutMs: number;
  private stdin: Writable | null = null;

  private constructor(options: ManagedProcessOptions, pid: number, exited: Promise<ProcessExit>) {
    this.name = options.name;
    this.pid = pid;
    this.logFile = options.logFile;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.exited = exited.then((exit) => {
      this.exit = exit;
      unregisterProcessGroup(pid);
      return exit;
    });
  }

  static async spawn(options: ManagedProcessOptions): Promise<ManagedProcess> {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: options.appendLog ? "a" : "w" });
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: { ...config().childEnv, ...options.env },
      stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
      // Its own group, so a terminal's Ctrl-C reaches the harness first and stop() can take the whole tree.
      detached: true,
    });
    const spawned = await new Promise<number>((resolve, reject) => {
      child.once("spawn", () => resolve(child.pid as number));
      child.once("error", reject);
    }).catch((error: NodeJS.ErrnoException) => {
      log.end();
      throw new PinpipeError(
        error.code === "ENOENT" ? ErrorCode.MissingPrerequisite : ErrorCode.StartFailed,
        `${options.name}: cannot run ${options.command}: ${error.message}`,
        { context: { component: options.name, command: options.command }, cause: error },
      );
    });
    registerProcessGroup(spawned);
    // Exited once the process has, and what it printed is in its log file: its pipes are read to the end ("close"),
    // then the log is flushed. A grandchild that keeps a pipe open (it left the group) holds "close" back, so the
    // log is closed a moment after the exit at the latest.
    const exited = new Promise<ProcessExit>((resolve) =>
      child.once("exit", (code, signal) => {
        const finish = (): void => {
          clearTimeout(fallback);
          if (log.writableEnded) return;
          log.end(() => resolve({ code, signal }));
        };
        const fallback = setTimeout(finish, PIPES_CLOSE_MS);
        child.once("close", finish);
      }),
    );
    const managed = new ManagedProcess(options, spawned, exited);
    if (child.stdin) {
      // A child that exits or closes its stdin must not turn a later write into an unhandled EPIPE.
      child.stdin.on("error", () => undefined);
      managed.stdin = child.stdin;
    }
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      let partial = "";
      stream.on("data", (chunk: Buffer) => {
        if (!log.writableEnded) log.write(chunk);
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) managed.onOutputLine(line);
      });
    }
    return managed;
  }

  private onOutputLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    for (const listener of this.lineListeners) listener(line);
  }

  /** Calls `listener` for every line printed from now on; returns the unsubscribe function. */
  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get exitStatus(): ProcessExit | undefined {
    return this.exit;
  }

  /** The last lines the process printed, for error messages. */
  logTail(lines = 20): string {
    return this.tail.slice(-lines).join("\n");
  }

  /** Sends a signal to the whole process group: the process and every child that stayed in its group. */
  signal(signal: NodeJS.Signals): void {
    signalProcessGroup(this.pid, signal);
  }

  /** Writes to the child's stdin (spawned with `stdin: "pipe"`); false when there is no open stdin. */
  write(text: string): boolean {
    if (!this.stdin || this.stdin.destroyed || this.stdin.writableEnded) return false;
    this.stdin.write(text);
    return true;
  }

  /** SIGTERM to the group, SIGKILL if it has not exited in time. Idempotent. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), this.stopTimeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Hard kill, as a crash would: for fault specs. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.signal("SIGKILL");
    await this.exited;
  }
}
