import { relative } from "node:path";
import type { DeclaredPython } from "./declared-python.ts";
import type { ImportScan } from "./scan.ts";
import { explainSyntaxError } from "./syntax-needs.ts";
import type { PythonTooOld } from "./too-old.ts";

/** A reason the emulator needs a newer Python than the one that scanned it. */
export interface PythonNeed {
  /** Undefined: some newer Python, which one is not known. */
  minor?: number;
  where: string;
  why: string;
}

export interface PythonNeeds {
  needs: PythonNeed[];
  /** Lines for the user about code no Python 3 runs (these do not ask for a newer Python). */
  notes: string[];
}

/** What the scan's syntax errors and the folder's declarations ask of a Python `haveMinor` cannot give. */
export function pythonNeeds(
  scan: ImportScan,
  declared: readonly DeclaredPython[],
  cwd: string,
  haveMinor: number,
): PythonNeeds {
  const needs: PythonNeed[] = [];
  const notes: string[] = [];
  for (const error of scan.syntaxErrors) {
    const where = `${relative(cwd, error.file)}${error.line === null ? "" : `:${error.line}`}`;
    const verdict = explainSyntaxError(error.text, error.message);
    if (verdict.python2) {
      notes.push(`${where}: ${verdict.why}; no Python 3 runs it`);
      continue;
    }
    // A construct this Python already has cannot be why it fails: then the reason is unknown.
    const known = verdict.minor !== undefined && verdict.minor > haveMinor;
    needs.push(known ? { minor: verdict.minor, where, why: verdict.why } : { where, why: verdict.why });
  }
  for (const declaration of declared) {
    if (declaration.minor <= haveMinor) continue;
    if (declaration.binding) needs.push({ ...declaration, why: `it says ${declaration.why}` });
    else notes.push(`${declaration.where} pins ${declaration.why}; running on Python 3.${haveMinor} all the same`);
  }
  return { needs, notes };
}

/** The lowest minor version that could satisfy every need. */
export function lowestSatisfying(needs: readonly PythonNeed[], haveMinor: number): number {
  return Math.max(haveMinor + 1, ...needs.map((need) => need.minor ?? 0));
}

/** The need to report: the highest known version, the syntax reason first among equals. */
export function strongestNeed(needs: readonly PythonNeed[]): PythonNeed | undefined {
  let strongest: PythonNeed | undefined;
  for (const need of needs) {
    if (strongest === undefined || (need.minor ?? 0) > (strongest.minor ?? 0)) strongest = need;
  }
  return strongest;
}

export function tooOld(need: PythonNeed, have: string, haveMinor: number): PythonTooOld {
  return {
    needed: need.minor === undefined ? `newer than 3.${haveMinor}` : `3.${need.minor}`,
    have,
    where: need.where,
    why: need.why,
  };
}

/** Syntax errors a newer Python could fix (Python 2 code is not one of them). */
export function blockingErrors(scan: ImportScan): ImportScan["syntaxErrors"] {
  return scan.syntaxErrors.filter((error) => !explainSyntaxError(error.text, error.message).python2);
}
