import { reportText } from "../check/report-text.ts";
import { runScenario, type ScenarioResult } from "../scenario/index.ts";
import { declareCommand, defineCommand } from "./declaration.ts";

export const SCENARIO_DECLARATION = declareCommand({
  name: "scenario",
  summary: "run a scripted scenario: an emulator run with faults at set times, held against what it expects",
  details:
    "A scenario file (YAML, see fixtures/scenarios/) names the emulator, the records to send, the stack's settings, " +
    "the faults and when they fire, and what must hold afterwards: records lost and duplicated, findings, the " +
    "gateway's answers, the connector's state. It says what a user would see on AWS and what pinpipe shows. Exits 0 " +
    "only when every expectation holds.",
  positional: { name: "FILE", help: "the scenario file", required: true },
  options: {
    json: { type: "boolean", default: false, help: "print the result as one JSON object" },
  },
});

function scenarioText(result: ScenarioResult): string {
  const { scenario } = result;
  const lines = [`scenario: ${scenario.name} (${scenario.file})`, `  on AWS: ${scenario.onAws}`, ""];
  lines.push("faults (ms after the emulator started):");
  for (const f of result.faults) {
    const took = f.tookMs !== undefined ? `, took ${f.tookMs} ms` : "";
    lines.push(`  ${String(f.atMs).padStart(6)}  ${f.do}: ${f.outcome}${took}${f.error ? ` (${f.error})` : ""}`);
  }
  if (result.faults.length === 0) lines.push("  none");
  lines.push("", reportText(result.report).trimEnd(), "", "expectations:");
  for (const e of result.expectations) {
    lines.push(`  ${e.ok ? "✓" : "✗"} ${e.what}: expected ${e.expected}, got ${e.actual}`);
  }
  lines.push("", `  in pinpipe: ${scenario.inPinpipe}`, "", result.ok ? "scenario passed" : "scenario FAILED");
  return `${lines.join("\n")}\n`;
}

/** `pinpipe scenario FILE`: exit 0 only when every expectation holds and every fault fired. */
export const scenarioCommand = defineCommand(SCENARIO_DECLARATION, async ({ values, positionals }) => {
  const result = await runScenario(positionals[0] as string);
  process.stdout.write(
    values.json
      ? `${JSON.stringify({
          scenario: {
            name: result.scenario.name,
            file: result.scenario.file,
            onAws: result.scenario.onAws,
            inPinpipe: result.scenario.inPinpipe,
          },
          ok: result.ok,
          expectations: result.expectations,
          faults: result.faults,
          report: result.report,
        })}\n`
      : scenarioText(result),
  );
  return result.ok ? 0 : 1;
});
