import { accessSync, constants, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { runToCompletion } from "../../runtime/run-command.ts";

export interface FoundPython {
  path: string;
  /** e.g. "3.12.1" */
  version: string;
  minor: number;
}

/** "3.12.1" → 12 (Python 3 only). */
export function minorOf(version: string): number | undefined {
  const match = /^3\.(\d+)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** The version a Python executable reports when run, or undefined when it does not run. */
async function pythonVersionOf(executable: string): Promise<string | undefined> {
  try {
    const result = await runToCompletion(executable, ["-I", "-c", "import platform; print(platform.python_version())"]);
    const version = result.output.trim().split("\n").pop() ?? "";
    return result.code === 0 && /^\d+\.\d+\.\d+/.test(version) ? version : undefined;
  } catch {
    return undefined; // not executable after all
  }
}

/**
 * The `python3.<minor>` programs on `searchPath` with minor ≥ `atLeast`, lowest first, each checked by running
 * it: a name alone proves nothing (pyenv puts shims for every installed version on PATH that fail outside a
 * project that selected the version).
 */
export async function* newerPythons(atLeast: number, searchPath: string): AsyncGenerator<FoundPython> {
  const byMinor = new Map<number, string[]>();
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const minor = Number(/^python3\.(\d+)$/.exec(entry)?.[1] ?? NaN);
      if (!(minor >= atLeast)) continue;
      const path = join(dir, entry);
      try {
        accessSync(path, constants.X_OK);
      } catch {
        continue;
      }
      byMinor.set(minor, [...(byMinor.get(minor) ?? []), path]);
    }
  }
  for (const minor of [...byMinor.keys()].sort((a, b) => a - b)) {
    for (const path of byMinor.get(minor) ?? []) {
      const version = await pythonVersionOf(path);
      if (version !== undefined && minorOf(version) === minor) {
        yield { path, version, minor };
        break;
      }
    }
  }
}
