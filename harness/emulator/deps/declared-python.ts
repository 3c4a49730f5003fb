import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** A Python version a project's files ask for. */
export interface DeclaredPython {
  /** The lowest Python 3 minor version the declaration accepts. */
  minor: number;
  /** The file, relative to the working directory, and the line when there is one. */
  where: string;
  /** The declaration itself, as written. */
  why: string;
  /**
   * True only for a stated minimum (requires-python, python_requires). The Python an author happened to use
   * (.python-version, runtime.txt, a conda dump's pin) is no need: the code itself says what it needs, and
   * a dump made on another machine falls back to the imports.
   */
  binding: boolean;
}

/** Lowest accepted minor of a PEP 440 specifier such as ">=3.12,<4" or "~=3.10" (upper bounds do not matter). */
export function lowestMinor(specifier: string): number | undefined {
  let lowest: number | undefined;
  for (const clause of specifier.split(",")) {
    const match = /^\s*(>=|~=|===?|>)\s*3\.(\d+)/.exec(clause);
    if (match) lowest = Math.max(lowest ?? 0, Number(match[2]));
  }
  return lowest;
}

interface Rule {
  file: RegExp;
  binding: boolean;
  /** Finds the declaration in the file's text: the matched text and the minor it asks for. */
  read: (text: string) => { minor: number; match: RegExpExecArray } | undefined;
}

function bySpecifier(pattern: RegExp): Rule["read"] {
  return (text) => {
    const match = pattern.exec(text);
    const minor = match ? lowestMinor(match[1] as string) : undefined;
    return match && minor !== undefined ? { minor, match } : undefined;
  };
}

function byVersion(pattern: RegExp): Rule["read"] {
  return (text) => {
    const match = pattern.exec(text);
    return match ? { minor: Number(match[1]), match } : undefined;
  };
}

const RULES: readonly Rule[] = [
  // pyenv's file: "3.12", "3.12.1", one version a line (the first is the one used).
  { file: /^\.python-version$/, binding: false, read: byVersion(/^[ \t]*(?:[a-z]+-?)?3\.(\d+)/m) },
  { file: /^runtime\.txt$/, binding: false, read: byVersion(/^[ \t]*python-3\.(\d+)/m) },
  {
    file: /^pyproject\.toml$/,
    binding: true,
    read: bySpecifier(/^[ \t]*requires-python[ \t]*=[ \t]*["']([^"']+)["']/m),
  },
  { file: /^setup\.py$/, binding: true, read: bySpecifier(/python_requires\s*=\s*["']([^"']+)["']/) },
  { file: /^setup\.cfg$/, binding: true, read: bySpecifier(/^[ \t]*python_requires[ \t]*=[ \t]*(.+?)[ \t]*$/m) },
  // Conda dumps and environment files pin the interpreter like a package: "python=3.12.2=h…", "- python=3.12".
  {
    file: /^(requirements.*\.txt|environment\.ya?ml)$/,
    binding: false,
    read: byVersion(/^[ \t]*(?:-[ \t]*)?python[ \t]*(?:==?|>=|~=)[ \t]*3\.(\d+)/im),
  },
];

/** The Python versions declared in these folders (the script's and the working directory), in file order. */
export function declaredPythons(dirs: readonly string[], cwd: string): DeclaredPython[] {
  const found: DeclaredPython[] = [];
  for (const dir of [...new Set(dirs)]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const rule = RULES.find((candidate) => candidate.file.test(name));
      if (!rule) continue;
      let text: string;
      try {
        text = readFileSync(join(dir, name), "utf8");
      } catch {
        continue; // a folder or an unreadable file declares nothing
      }
      const declared = rule.read(text);
      if (!declared) continue;
      const line = text.slice(0, declared.match.index).split("\n").length;
      found.push({
        minor: declared.minor,
        where: `${relative(cwd, join(dir, name)) || name}:${line}`,
        why: declared.match[0].trim(),
        binding: rule.binding,
      });
    }
  }
  return found;
}
