import { setTimeout as delay } from "node:timers/promises";
import type { StartedStack } from "../stack.ts";
import type { ScriptedFault } from "./file.ts";

/** A scripted fault as it went: when it fired (ms after the emulator started), and what came of it. */
export interface FaultEvent {
  atMs: number;
  do: string;
  /** "applied", "failed" (it threw: see `error`), or "not reached" (its record count never came). */
  outcome: "applied" | "failed" | "not reached";
  tookMs?: number;
  error?: string;
}

const POLL_MS = 100;

/**
 * Fires a scenario's faults in the order written, each once its trigger is met: seconds after the emulator
 * started or after the fault before it, or a count of records the gateway acknowledged. Once the emulator has stopped, faults timed in seconds
 * still fire at their time (a `start` after a `kill` must happen before the checks); a record count that never
 * came is reported as not reached.
 */
export async function runScriptedFaults(
  stack: StartedStack,
  faults: readonly ScriptedFault[],
  emulatorStopped: Promise<void>,
): Promise<FaultEvent[]> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const acks = stack.acks();
  let stopped = false;
  void emulatorStopped.then(() => (stopped = true));
  const events: FaultEvent[] = [];
  let previousAt = 0;
  for (const fault of faults) {
    const { records } = fault.at;
    const seconds = fault.at.after !== undefined ? previousAt / 1000 + fault.at.after : fault.at.seconds;
    for (;;) {
      if (seconds !== undefined && elapsed() >= seconds * 1000) break;
      if (records !== undefined && (await acks.count()) >= records) break;
      if (records !== undefined && stopped) break;
      await delay(POLL_MS);
    }
    if (records !== undefined && (await acks.count()) < records) {
      events.push({ atMs: elapsed(), do: fault.do, outcome: "not reached" });
      continue;
    }
    const atMs = elapsed();
    previousAt = atMs;
    try {
      const applied = await stack.faults.apply(fault.do);
      events.push({ atMs, do: applied.action, outcome: "applied", tookMs: applied.tookMs });
    } catch (error) {
      events.push({ atMs, do: fault.do, outcome: "failed", error: (error as Error).message });
    }
  }
  return events;
}
