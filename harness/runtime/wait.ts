import { setTimeout as delay } from "node:timers/promises";
import { ErrorCode, PinpipeError } from "../errors.ts";
import type { ManagedProcess } from "./process.ts";

export interface WaitOptions {
  /** Names the wait in the timeout error, e.g. "kafka: Kafka Server started". */
  name: string;
  timeoutMs: number;
  /** When given, the wait fails at once if this process exits, with its log tail. */
  process?: ManagedProcess;
  intervalMs?: number;
}

function exitedError(process: ManagedProcess, waitName: string): PinpipeError {
  const status = process.exitStatus;
  return new PinpipeError(
    ErrorCode.ProcessExited,
    `${process.name} exited (code ${status?.code ?? "?"}, signal ${status?.signal ?? "none"}) before "${waitName}". ` +
      `Its log is ${process.logFile}; last lines:\n${process.logTail()}`,
    { context: { component: process.name, logFile: process.logFile, ...status } },
  );
}

function timeoutError(options: WaitOptions, last?: unknown): PinpipeError {
  const tail = options.process ? `\nLast lines of ${options.process.logFile}:\n${options.process.logTail()}` : "";
  const reason = last instanceof Error ? ` (last attempt: ${last.message})` : "";
  return new PinpipeError(
    ErrorCode.ReadyTimeout,
    `Timed out after ${options.timeoutMs} ms waiting for ${options.name}${reason}. ` +
      `Set PINPIPE_KEEP=1 to keep the stack's files for a look.${tail}`,
    { context: { wait: options.name, timeoutMs: options.timeoutMs }, cause: last },
  );
}

/** Polls `attempt` until it returns a value (not undefined) or throws nothing; never sleeps a fixed time. */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  let last: unknown;
  for (;;) {
    if (options.process && !options.process.running) throw exitedError(options.process, options.name);
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) throw timeoutError(options, last);
    await delay(interval);
  }
}

/** Resolves when the process prints a line matching `pattern`. */
export function waitForLogLine(process: ManagedProcess, pattern: RegExp, options: WaitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(timeoutError(options))), options.timeoutMs);
    const unsubscribe = process.onLine((line) => {
      if (pattern.test(line)) finish(() => resolve(line));
    });
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      unsubscribe();
      settle();
    };
    void process.exited.then(() => finish(() => reject(exitedError(process, options.name))));
  });
}
