// Every shipped scenario, run as `pinpipe scenario` runs it: `npm run test:faults` (long; CI runs it too).
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../harness/paths.ts";
import { runScenario } from "../../harness/scenario/index.ts";
import { processesMentioning } from "../support/processes.ts";

const SCENARIOS = projectPath("fixtures", "scenarios");
const files = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"));

describe("shipped scenarios", () => {
  it.each(files)(
    "%s holds what it expects",
    async (file) => {
      const stateDir = mkdtempSync(join(tmpdir(), "pinpipe-scenario-"));
      const result = await runScenario(join(SCENARIOS, file), { stateDir, progress: () => {} });
      const failed = result.expectations.filter((e) => !e.ok);
      expect(failed, JSON.stringify({ failed, faults: result.faults }, null, 2)).toEqual([]);
      expect(result.faults.filter((f) => f.outcome !== "applied")).toEqual([]);
      expect(result.ok).toBe(true);
      // No component of the scenario's stack is left: their command lines name its folder.
      expect(processesMentioning(stateDir)).toEqual([]);
    },
    240_000,
  );
});
