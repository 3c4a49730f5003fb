import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { ManagedProcess } from "../runtime/process.ts";

/** The variable every process of one emulator run inherits, so that the run can find all of them again. */
export const RUN_MARKER_VARIABLE = "PINPIPE_EMULATOR_RUN";

/**
 * How long each step of the stop waits for the emulator to end before the next, firmer one. Enter gets less:
 * most scripts never read stdin, and each of them pays that wait.
 */
export const STOP_WAITS_MS = { newline: 1000, signal: 2000 };

/**
 * The live processes of a run: those in the emulator's process group, and those that carry the run's marker in
 * their environment whatever group or session they moved to (a daemon that called setsid()). Zombies are left
 * out: they have exited, and an orphan's may wait a while for init to collect it. Linux only, as is the native
 * runtime.
 */
export function runProcesses(marker: string, groupId?: number): number[] {
  const needle = `${RUN_MARKER_VARIABLE}=${marker}\0`;
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // After the command's closing parenthesis: state, parent, process group.
      const [state, , group] = (readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
      if (state === undefined || state === "Z") continue;
      if (Number(group) === groupId || readFileSync(`/proc/${entry}/environ`, "latin1").includes(needle)) {
        pids.push(Number(entry));
      }
    } catch {
      // gone while we looked, or not ours to read
    }
  }
  return pids;
}

function anyLeft(emulator: ManagedProcess, marker: string): boolean {
  return emulator.running || runProcesses(marker, emulator.pid).length > 0;
}

async function endedWithin(emulator: ManagedProcess, marker: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!anyLeft(emulator, marker)) return true;
    await delay(50);
  }
  return !anyLeft(emulator, marker);
}

function signalEverything(emulator: ManagedProcess, marker: string, signal: NodeJS.Signals): void {
  for (const pid of runProcesses(marker, emulator.pid)) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops an emulator the way its author would: Enter first (scripts that wait on `input()`), then Ctrl-C (SIGINT),
 * then SIGTERM, then SIGKILL, each after a short wait. Every step reaches the whole process group and any process
 * that left it, so nothing of the run survives, children included. Returns the step that ended it.
 */
export async function stopEmulator(
  emulator: ManagedProcess,
  marker: string,
  waits = STOP_WAITS_MS,
): Promise<"exited" | "newline" | NodeJS.Signals> {
  if (!anyLeft(emulator, marker)) return "exited";
  emulator.write("\n");
  if (await endedWithin(emulator, marker, waits.newline)) return "newline";
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    signalEverything(emulator, marker, signal);
    if (await endedWithin(emulator, marker, waits.signal)) return signal;
  }
  signalEverything(emulator, marker, "SIGKILL");
  await endedWithin(emulator, marker, waits.signal);
  await emulator.exited;
  return "SIGKILL";
}
