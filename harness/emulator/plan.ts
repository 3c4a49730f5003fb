import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ErrorCode, PinpipeError } from "../errors.ts";
import type { ProgressSink } from "../runtime/progress.ts";
import { splitCommandLine } from "./command-line.ts";
import { analyzeEmulator, ensureEmulatorEnv, pythonTooOldError, type EmulatorNeeds } from "./deps/index.ts";
import { entryScripts, namedScript } from "./entry-scripts.ts";

/** What pinpipe learns of an emulator before anything starts: how it is run, what it runs, what it needs. */
export interface EmulatorPlan {
  /** As typed. */
  command: string;
  args: string[];
  /** The folder it runs in: where `pinpipe run` was started, unless told otherwise. */
  cwd: string;
  /** The Python files it runs (absolute). */
  entryScripts: string[];
  needs: EmulatorNeeds;
  /** Whether its own code reads stdin (`input()`, `sys.stdin`): only then is Enter worth waiting for at the stop. */
  readsStdin: boolean;
}

export interface EmulatorPython {
  binDir: string;
  python: string;
  /** Lines for the user: what was installed, and a requirements file that could not be. */
  notes: string[];
}

/**
 * Reads the command and the code it runs: the script it names must be there (resolved from `cwd`, as a shell
 * would), and this machine's Python must be able to run it; either failure is said now, before a stack starts.
 */
export async function planEmulator(options: { command: string; cwd: string }): Promise<EmulatorPlan> {
  const cwd = resolve(options.cwd);
  const args = splitCommandLine(options.command);
  const scripts = entryScripts(args, cwd);
  const named = namedScript(args);
  if (named !== undefined && scripts.length === 0) {
    const what = "module" in named ? `module ${named.module}` : named.script;
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `the emulator command runs ${what}, which is not there from ${cwd}: run pinpipe from the folder you would ` +
        "run the command in, or give the script's path from here",
      { context: { command: options.command, cwd } },
    );
  }
  const needs = await analyzeEmulator({ entryScripts: scripts, cwd });
  if (needs.pythonTooOld) throw pythonTooOldError(needs.pythonTooOld);
  const files = needs.files.length > 0 ? needs.files.map((file) => resolve(cwd, file)) : scripts;
  return { command: options.command, args, cwd, entryScripts: scripts, needs, readsStdin: readsStdin(files) };
}

const STDIN_READ = /\binput\s*\(|\bsys\.stdin\b|\bfileinput\b|\bgetpass\b/;

/** True unless every file is known and none reads stdin; a command whose code is unknown may read it. */
function readsStdin(files: readonly string[]): boolean {
  if (files.length === 0) return true;
  return files.some((file) => {
    try {
      return STDIN_READ.test(readFileSync(file, "utf8"));
    } catch {
      return true;
    }
  });
}

/** The cached virtualenv the plan asks for, built once per set of needs. */
export async function provisionEmulator(
  plan: EmulatorPlan,
  options: { cacheDir: string; requirements?: readonly string[]; progress: ProgressSink },
): Promise<EmulatorPython> {
  const env = await ensureEmulatorEnv({
    cacheDir: options.cacheDir,
    needs: plan.needs,
    extraRequirements: options.requirements ?? [],
    progress: options.progress,
  });
  for (const note of env.notes) options.progress(note);
  return env;
}
