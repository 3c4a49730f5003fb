import { readJournal } from "../components/gateway/journal.ts";
import type { CheckReport } from "../check/types.ts";
import { runJob } from "../job.ts";
import type { ProgressSink } from "../runtime/progress.ts";
import { emulatorFolder } from "./emulator-copy.ts";
import { checkExpectations, type ExpectationResult } from "./expectations.ts";
import { loadScenario, type Scenario } from "./file.ts";
import { runScriptedFaults, type FaultEvent } from "./scripted-faults.ts";

export interface ScenarioResult {
  scenario: Scenario;
  report: CheckReport;
  faults: FaultEvent[];
  expectations: ExpectationResult[];
  /** Every expectation held and every fault fired as written. */
  ok: boolean;
}

export interface ScenarioOptions {
  stateDir?: string;
  progress?: ProgressSink;
}

/**
 * `pinpipe scenario FILE`: the run the file describes (emulator, record budget, stack settings), its faults fired
 * at their times, then the report of `pinpipe run` held against the file's expectations.
 */
export async function runScenario(path: string, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const scenario = await loadScenario(path);
  const folder = emulatorFolder(scenario);
  let faults: FaultEvent[] = [];
  let journalFile = "";
  try {
    const result = await runJob({
      ...(scenario.emulator.command !== undefined && { emulator: scenario.emulator.command }),
      ...(folder.cwd !== undefined && { cwd: folder.cwd }),
      records: scenario.records,
      durationS: scenario.duration,
      stage: scenario.stack.stage,
      partitions: scenario.stack.partitions,
      brokers: scenario.stack.brokers,
      connectorSettings: scenario.stack.connector,
      restProxyProperties: scenario.stack.restProxy,
      ...(options.stateDir !== undefined && { stateDir: options.stateDir }),
      ...(options.progress !== undefined && { progress: options.progress }),
      during: async (stack, emulatorStopped) => {
        journalFile = stack.journalFile;
        faults = await runScriptedFaults(stack, scenario.faults, emulatorStopped);
      },
    });
    const journal = journalFile ? await readJournal(journalFile).catch(() => []) : [];
    const expectations = checkExpectations(scenario.expect, result.report, journal);
    result.report.faults = faults;
    const ok = expectations.every((e) => e.ok) && faults.every((f) => f.outcome === "applied");
    return { scenario, report: result.report, faults, expectations, ok };
  } finally {
    folder.remove();
  }
}
