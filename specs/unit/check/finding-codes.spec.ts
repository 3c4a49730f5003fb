import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { finding, FINDING_CODES, FindingCode } from "../../../harness/check/finding-codes.ts";
import { EmulatorDiagnosisCode } from "../../../harness/emulator/diagnose.ts";
import { projectPath } from "../../../harness/paths.ts";

/** The rows of README.md's "Finding codes" table: code and severity. */
function readmeRows(): Array<{ code: string; severity: string }> {
  const readme = readFileSync(projectPath("README.md"), "utf8");
  const section = readme.split(/^## /m).find((part) => part.startsWith("Finding codes\n"));
  if (section === undefined) throw new Error('README.md has no "## Finding codes" section');
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \| (\w+) \|/gm)].map(([, code, severity]) => ({
    code: code as string,
    severity: severity as string,
  }));
}

describe("finding codes", () => {
  const registry = Object.values(FindingCode);

  it("are listed in README.md, each once, exactly as the registry has them, with their severity", () => {
    const rows = readmeRows();
    expect(rows.map((r) => r.code).sort()).toEqual([...registry].sort());
    for (const row of rows) expect(row.severity, row.code).toBe(FINDING_CODES[row.code as FindingCode].severity);
  });

  it("each have a meaning of one line", () => {
    for (const code of registry) {
      expect(FINDING_CODES[code].meaning.trim(), code).not.toBe("");
      expect(FINDING_CODES[code].meaning, code).not.toContain("\n");
    }
    expect(new Set(registry).size).toBe(registry.length);
  });

  it("take in every emulator diagnosis, as `pinpipe run` reports each one as a finding", () => {
    expect(registry).toEqual(expect.arrayContaining(Object.values(EmulatorDiagnosisCode)));
  });

  it("give a finding its code's severity", () => {
    expect(finding(FindingCode.NotARow, { message: "m", where: "offset 1" })).toEqual({
      severity: "warning",
      code: "NOT_A_ROW",
      message: "m",
      where: "offset 1",
    });
    expect(finding(FindingCode.Gap, { message: "m" }).severity).toBe("error");
  });
});
