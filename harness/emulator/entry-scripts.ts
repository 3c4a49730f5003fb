import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";

/** `python`, `python3`, `python3.11`, and the same given as a path: the interpreters pinpipe's virtualenv replaces. */
function isPythonProgram(program: string): boolean {
  return /^python(?:3(?:\.\d+)?)?$/.test(basename(program));
}

/** A bare `python`/`python3` resolves to the virtualenv's; a path to an interpreter is the user's choice. */
export function isBarePython(program: string): boolean {
  return isPythonProgram(program) && !program.includes("/");
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

// Options of the interpreter that take a value, so that value is not taken for the script.
const OPTIONS_WITH_VALUE = new Set(["-W", "-X", "--check-hash-based-pycs"]);

/** The file `python -m pkg.mod` runs, found from the working directory as Python's own path would find it. */
function moduleFile(module: string, cwd: string): string | undefined {
  const base = join(cwd, ...module.split("."));
  return [`${base}.py`, join(base, "__main__.py")].find(isFile);
}

/** The script a command names as it names it (`path/main.py`, or the module of `-m`), before any lookup. */
export function namedScript(args: readonly string[]): { script: string } | { module: string } | undefined {
  const [program = "", ...rest] = args;
  if (program.endsWith(".py")) return { script: program };
  if (!isPythonProgram(program)) return undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === "-c") return undefined;
    if (arg === "-m") return rest[i + 1] === undefined ? undefined : { module: rest[i + 1] as string };
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith("-")) return { script: arg };
  }
  return undefined;
}

/**
 * The Python files a command runs, resolved from the folder it runs in, as a shell would: the script of
 * `python3 path/main.py` or `python3 -m pkg.main`, or a `.py` named directly (`./main.py`); none when the named
 * file is not there. A command that names no Python file (a shell script, `python3 -c …`) yields the `.py` files
 * at the top of the folder, the best guess at what it runs.
 */
export function entryScripts(args: readonly string[], cwd: string): string[] {
  const named = namedScript(args);
  if (named === undefined) return topLevelPythonFiles(cwd);
  const file = "module" in named ? moduleFile(named.module, cwd) : resolve(cwd, named.script);
  return file !== undefined && isFile(file) ? [file] : [];
}
function topLevelPythonFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(".py"))
      .map((name) => join(dir, name))
      .filter(isFile)
      .sort();
  } catch {
    return [];
  }
}
