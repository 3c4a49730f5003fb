import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { signalProcessGroup } from "./process-groups.ts";

/**
 * Keeps track of every component process group this process started, so that they die with it:
 * on a normal exit and on SIGINT/SIGTERM here, and through the watchdog process when this one is killed hard.
 */
const groups = new Set<number>();
let watchdog: ChildProcess | undefined;
let hooksInstalled = false;

function startWatchdog(): ChildProcess {
  const script = fileURLToPath(new URL("./reaper-process.js", import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ["pipe", "ignore", "ignore"], detached: true });
  child.unref();
  // The pipe must not keep this process alive; the watchdog only needs to see it close.
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin?.on("error", () => {});
  return child;
}

function tell(line: string): void {
  watchdog ??= startWatchdog();
  watchdog.stdin?.write(`${line}\n`);
}

function killAll(signal: NodeJS.Signals): void {
  for (const pid of groups) signalProcessGroup(pid, signal);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", () => killAll("SIGKILL"));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      killAll("SIGTERM");
      process.removeListener(signal, onSignal);
      // Let the default action (or another handler, such as a test runner's) proceed as if we were not here.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

export function registerProcessGroup(pid: number): void {
  installHooks();
  groups.add(pid);
  tell(`+${pid}`);
}

export function unregisterProcessGroup(pid: number): void {
  if (!groups.delete(pid)) return;
  tell(`-${pid}`);
}

export function registeredProcessGroups(): number[] {
  return [...groups];
}

/**
 * For a process that is ending (Ctrl-C, exit): kills every component outright, then removes `folder`, so that no
 * component writes into it while it goes. Synchronous, as an exit handler must be.
 */
export function killAndRemoveNow(folder: string): void {
  killAll("SIGKILL");
  rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
