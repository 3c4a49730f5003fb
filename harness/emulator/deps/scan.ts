import { fileURLToPath } from "node:url";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { outputTail, runToCompletion } from "../../runtime/run-command.ts";
import { DISTRIBUTIONS } from "./distributions.ts";

const SCANNER = fileURLToPath(new URL("scan_imports.py", import.meta.url));
const MARKER = "PINPIPE-IMPORTS ";

export interface ScanSyntaxError {
  /** Absolute path. */
  file: string;
  line: number | null;
  offset: number | null;
  message: string;
  /** The offending line as Python reported it. */
  text: string;
}

/** What scan_imports.py found, as one Python saw it. */
export interface ImportScan {
  /** The scanning Python's version, e.g. "3.11.7". */
  version: string;
  /** Every file read, entry scripts first (absolute paths). */
  files: string[];
  /** Third-party top-level module → where it is first imported ("main.py:3", relative to cwd). */
  thirdParty: Record<string, string>;
  stdlib: string[];
  /** Top-level names that are the folder's own modules. */
  local: string[];
  syntaxErrors: ScanSyntaxError[];
  /** Entry scripts that do not exist. */
  missing: string[];
}

/** Runs the import scanner with `python`; the emulator's files are parsed, never executed. */
export async function scanImports(python: string, entries: readonly string[], cwd: string): Promise<ImportScan> {
  const request = JSON.stringify({ entries, cwd, known: Object.keys(DISTRIBUTIONS) });
  // -I: the scanner must not see the user's PYTHONPATH, site-packages or the folder it is run from.
  const result = await runToCompletion(python, ["-I", "-B", SCANNER, request]);
  const line = result.output.split("\n").find((text) => text.startsWith(MARKER));
  if (result.code !== 0 || line === undefined) {
    throw new PinpipeError(
      ErrorCode.ProvisionFailed,
      `${python} could not list the emulator's imports (exit ${result.code}); run \`${python} --version\` to ` +
        `check that it works.\n${outputTail(result.output)}`,
      { context: { python, entries } },
    );
  }
  return JSON.parse(line.slice(MARKER.length)) as ImportScan;
}
