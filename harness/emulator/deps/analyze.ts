import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { config } from "../../config.ts";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { PREREQUISITES, requireExecutable } from "../../runtime/prerequisites.ts";
import { declaredPythons } from "./declared-python.ts";
import { resolveImports } from "./distributions.ts";
import { minorOf, newerPythons } from "./newer-python.ts";
import { blockingErrors, lowestSatisfying, pythonNeeds, strongestNeed, tooOld } from "./python-needs.ts";
import { scanImports, type ImportScan } from "./scan.ts";
import type { PythonTooOld } from "./too-old.ts";

export interface EmulatorNeeds {
  /** Third-party top-level modules the script's code imports (not stdlib, not the folder's own modules). */
  imports: string[];
  /** Where each import is first seen ("main.py:3", relative to the working directory). */
  importedAt: Record<string, string>;
  /** Pinned distributions those imports need, e.g. "PyYAML==6.0.3", "PyMySQL[rsa]==1.2.4". */
  distributions: string[];
  /** The known imports and the modules they imply (sqlalchemy → pymysql): what must be importable. */
  modules: string[];
  /** Imported modules with no known distribution (reported, not installed). */
  unknown: string[];
  /** The requirements.txt beside the script (or in the working directory), if any. */
  requirementsFile?: string;
  /** Set when this machine's Python cannot run the script; names the version needed and why. */
  pythonTooOld?: { needed: string; have: string; where: string; why: string };
  /** The Python that runs the emulator and builds its virtualenv: this machine's, or a newer one from PATH. */
  python: string;
  /** Its version, e.g. "3.11.7". */
  pythonVersion: string;
  /** The emulator's files that were read (relative to the working directory), entry scripts first. */
  files: string[];
  /** Lines to show the user: which Python was chosen and why, code no Python 3 runs. */
  notes: string[];
}

export interface AnalyzeOptions {
  entryScripts: string[];
  cwd: string;
  /** This machine's Python (default: python3 from PATH). */
  python?: string;
  /** Where to look for a newer python3.<minor> (default: the harness's PATH). */
  searchPath?: string;
}

/** Reads the entry scripts and, transitively, the folder's own modules they import. */
export async function analyzeEmulator(options: AnalyzeOptions): Promise<EmulatorNeeds> {
  // Real paths, as the scanner reports them, so that relative names come out right behind symlinked folders.
  const cwd = realpathSync(resolve(options.cwd));
  const given = options.entryScripts.map((script) => resolve(cwd, script));
  const missing = given.filter((entry) => !existsSync(entry) || !statSync(entry).isFile());
  if (missing.length > 0) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `emulator script not found: ${missing.map((file) => relative(cwd, file)).join(", ")} (from ${cwd}): ` +
        `check the path in the emulator command`,
      { context: { missing, cwd } },
    );
  }
  const entries = given.map((entry) => realpathSync(entry));
  const machine = options.python ?? (await requireExecutable(PREREQUISITES.python3));
  const first = await scanImports(machine, entries, cwd);
  const haveMinor = minorOf(first.version) ?? 0;
  const dirs = [...entries.map((entry) => dirname(entry)), cwd];
  const { needs, notes } = pythonNeeds(first, declaredPythons(dirs, cwd), cwd, haveMinor);

  let scan: ImportScan = first;
  let python = machine;
  let pythonTooOld: PythonTooOld | undefined;
  const strongest = strongestNeed(needs);
  if (strongest) {
    const atLeast = lowestSatisfying(needs, haveMinor);
    for await (const candidate of newerPythons(atLeast, options.searchPath ?? config().path)) {
      // The newer Python must also parse every file, or it is not the one the script was written for.
      const rescan = await scanImports(candidate.path, entries, cwd);
      if (blockingErrors(rescan).length > 0) continue;
      scan = rescan;
      python = candidate.path;
      notes.push(
        `using ${basename(candidate.path)} (Python ${candidate.version}) from PATH: ` +
          `${strongest.where}: ${strongest.why} (Python ${first.version} is too old)`,
      );
      break;
    }
    if (python === machine) pythonTooOld = tooOld(strongest, first.version, haveMinor);
  }

  const imports = Object.keys(scan.thirdParty).sort();
  const resolved = resolveImports(imports);
  const requirementsFile = dirs
    .map((dir) => join(dir, "requirements.txt"))
    .find((file) => existsSync(file) && statSync(file).isFile());
  return {
    imports,
    importedAt: scan.thirdParty,
    distributions: resolved.distributions,
    modules: resolved.modules,
    unknown: resolved.unknown,
    ...(requirementsFile === undefined ? {} : { requirementsFile }),
    ...(pythonTooOld === undefined ? {} : { pythonTooOld }),
    python,
    pythonVersion: scan.version,
    files: scan.files.map((file) => relative(cwd, file)),
    notes,
  };
}
