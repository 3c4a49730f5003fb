import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, sep } from "node:path";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { classifyFile, type FileKind } from "./files.ts";

export interface Candidate {
  /** Absolute, as reached from its root (not resolved through symlinks), so paths read the way the user sees them. */
  path: string;
  kind: FileKind;
}

export interface WalkLimits {
  maxFiles: number;
  /** Folders deeper than this below a root are not entered. */
  maxDepth: number;
  /** Folder entries looked at, of any type: bounds a tree full of data files that are never read. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: WalkLimits = { maxFiles: 2000, maxDepth: 6, maxEntries: 50_000 };

// Folders that hold other people's code or tool state, never the user's settings.
const SKIPPED_DIRS = new Set([
  ".git",
  "node_modules",
  "__pycache__",
  ".pinpipe",
  "site-packages",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".tox",
  ".ipynb_checkpoints",
  // CI definitions: their `stage` keys are pipeline steps.
  ".github",
  ".circleci",
]);

// Folders are listed synchronously: for a project's few dozen folders that is several times faster than a round
// trip through the thread pool each. Yielding now and then keeps a big tree from holding up timers and signals.
const DIRS_PER_YIELD = 32;

// Virtualenvs made without a pyvenv.cfg (virtualenv < 20) are known by their name and interpreter.
const VENV_NAMES = new Set(["venv", ".venv", "env"]);
const VENV_PYTHONS = [join("bin", "python"), join("Scripts", "python.exe")];

interface Pending {
  dir: string;
  depth: number;
  /** The real path of the root this folder was reached from: symlinked folders must resolve inside it. */
  rootReal: string;
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isNamedVenv(dir: string, name: string): boolean {
  return VENV_NAMES.has(name) && VENV_PYTHONS.some((python) => statSync(join(dir, python), { throwIfNoEntry: false }));
}

function inside(path: string, rootReal: string): boolean {
  return path === rootReal || path.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

function listDir(dir: string): Dirent[] | undefined {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    // Byte order, not locale order: the same tree gives the same walk everywhere.
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return undefined;
  }
}

/** What a symlink points at, if it resolves at all. */
function followLink(path: string): { dir: boolean; file: boolean; real: string } | undefined {
  try {
    const target = statSync(path);
    return { dir: target.isDirectory(), file: target.isFile(), real: realpathSync(path) };
  } catch {
    return undefined;
  }
}

/**
 * The files under the roots that the scan reads, breadth first so that a budget spent on a deep tree still
 * covers the folders nearest the user. Files in `exclude` (the entry scripts, read on their own) are left out.
 */
export async function listCandidates(
  roots: readonly string[],
  exclude: ReadonlySet<string>,
  limits: WalkLimits = DEFAULT_LIMITS,
): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const visited = new Set<string>();
  const queue: Pending[] = [];
  for (const root of roots) {
    const rootReal = realOrUndefined(root);
    if (rootReal === undefined) continue;
    queue.push({ dir: root, depth: 0, rootReal });
  }
  let entriesSeen = 0;

  for (let at = 0; at < queue.length; at++) {
    const next = queue[at] as Pending;
    if (at > 0 && at % DIRS_PER_YIELD === 0) await yieldToLoop();
    const real = next.depth === 0 ? next.rootReal : realOrUndefined(next.dir);
    if (real === undefined || visited.has(real)) continue;
    visited.add(real);
    const entries = listDir(next.dir);
    if (!entries) continue;
    // Any folder with a pyvenv.cfg is a virtualenv, whatever its name; the root is what the user chose.
    if (next.depth > 0 && entries.some((e) => e.name === "pyvenv.cfg" && !e.isDirectory())) continue;

    for (const entry of entries) {
      if (++entriesSeen > limits.maxEntries || found.length >= limits.maxFiles) return found;
      const path = join(next.dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const link = followLink(path);
        if (!link) continue;
        // A symlinked folder is followed only while it stays inside the tree being scanned.
        isDir = link.dir && inside(link.real, next.rootReal);
        isFile = link.file;
      }
      if (isDir) {
        if (next.depth >= limits.maxDepth || SKIPPED_DIRS.has(entry.name)) continue;
        if (isNamedVenv(path, entry.name)) continue;
        queue.push({ dir: path, depth: next.depth + 1, rootReal: next.rootReal });
      } else if (isFile && !exclude.has(path)) {
        const kind = classifyFile(entry.name);
        if (kind) found.push({ path, kind });
      }
    }
  }
  return found;
}
