import { ErrorCode, PinpipeError } from "../../errors.ts";

/** Why this machine's Python cannot run the emulator. */
export interface PythonTooOld {
  /** "3.12", or "newer than 3.11" when the syntax error is not one pinpipe recognises. */
  needed: string;
  /** The Python that was tried, e.g. "3.11.7". */
  have: string;
  /** "main.py:14", ".python-version:1" (relative to the working directory). */
  where: string;
  why: string;
}

/** One line with the fix, for a PinpipeError or a report. */
export function pythonTooOldMessage(tooOld: PythonTooOld): string {
  const known = /^3\.\d+$/.test(tooOld.needed);
  const needs = known ? `Python ≥ ${tooOld.needed}` : `a Python ${tooOld.needed}`;
  const fix = known
    ? `install Python ${tooOld.needed} and put python${tooOld.needed} on PATH`
    : `install a newer Python and put it on PATH as python3.<minor>, or fix ${tooOld.where} if the script is wrong`;
  return `the emulator needs ${needs} (${tooOld.where}: ${tooOld.why}); this machine has Python ${tooOld.have}: ${fix}`;
}

export function pythonTooOldError(tooOld: PythonTooOld): PinpipeError {
  return new PinpipeError(ErrorCode.PythonTooOld, pythonTooOldMessage(tooOld), { context: { ...tooOld } });
}
