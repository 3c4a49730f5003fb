import { statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { choose } from "./discover/choose.ts";
import { classifyEntry, type Format } from "./discover/files.ts";
import { readTexts } from "./discover/read.ts";
import { scanText } from "./discover/scan.ts";
import { Rank, type Discovered, type Discovery, type Found, type Target } from "./discover/types.ts";
import { DEFAULT_LIMITS, listCandidates, type WalkLimits } from "./discover/walk.ts";

export type { Discovered, Discovery, Sighting } from "./discover/types.ts";

export interface DiscoverOptions {
  /** The folder the user runs from: relative entry scripts and every reported path are taken from it. */
  cwd: string;
  /** The scripts the emulator command runs, as given on its command line. */
  entryScripts: string[];
  /** Budgets of the walk; the defaults suit a project folder. */
  limits?: Partial<WalkLimits>;
  /**
   * The environment the emulator inherits: a URL or topic exported in the user's shell speaks for a target the
   * folder says nothing of (python-dotenv and python-decouple both let it win over their files).
   */
  environment?: Readonly<Record<string, string | undefined>>;
}

interface ToRead {
  path: string;
  format: Format;
  rank: Rank;
}

const TARGETS: readonly Target[] = ["stage", "userId"];

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function within(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The cwd first, then each entry script's folder not already inside a folder to scan. */
function rootsFor(cwd: string, entries: readonly string[]): string[] {
  const roots = [cwd];
  for (const dir of entries.map((entry) => dirname(entry))) {
    if (roots.some((root) => within(dir, root))) continue;
    for (let i = roots.length - 1; i > 0; i--) if (within(roots[i] as string, dir)) roots.splice(i, 1);
    roots.push(dir);
  }
  return roots;
}

function relativePath(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join("/");
}

/** Reads the files and returns what they hold for the targets asked, `how` marked for templates. */
async function readAll(cwd: string, files: readonly ToRead[], targets: ReadonlySet<Target>) {
  const found: Found[] = [];
  let scanned = 0;
  const texts = await readTexts(files.map((file) => file.path));
  files.forEach((file, i) => {
    const text = texts[i];
    if (text === undefined) return;
    scanned++;
    const name = relativePath(cwd, file.path);
    for (const hit of scanText(text, file.format)) {
      if (!targets.has(hit.target)) continue;
      const how = file.rank === Rank.Template ? `${hit.how}, in a template` : hit.how;
      found.push({ ...hit, how, file: name, rank: file.rank });
    }
  });
  return { found, scanned };
}

function chooseAll(found: readonly Found[]): Partial<Record<Target, Discovered>> {
  const chosen: Partial<Record<Target, Discovered>> = {};
  for (const target of TARGETS) {
    const value = choose(found.filter((f) => f.target === target));
    if (value) chosen[target] = value;
  }
  return chosen;
}

/** Scans the folder the user runs from (and the entry scripts' folders, if outside it) for the stage and user id. */
export async function discoverTargets(options: DiscoverOptions): Promise<Discovery> {
  const cwd = resolve(options.cwd);
  const entries = [...new Set(options.entryScripts.map((entry) => resolve(cwd, entry)))].filter(isFile);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const candidates = await listCandidates(rootsFor(cwd, entries), new Set(entries), limits);

  const first: ToRead[] = [
    ...entries.map((path) => ({ path, format: classifyEntry(path), rank: Rank.Entry })),
    ...candidates
      .filter((c) => !c.kind.template)
      .map((c) => ({
        path: c.path,
        format: c.kind.format,
        rank: c.kind.format === "python" ? Rank.Module : Rank.Config,
      })),
  ];
  const main = await readAll(cwd, first, new Set(TARGETS));
  const chosen = chooseAll(main.found);
  let scanned = main.scanned;

  // Templates hold what a user was told to fill in; they speak only for a target nothing else names.
  const missing = new Set(TARGETS.filter((target) => !chosen[target]));
  const templates = candidates.filter((c) => c.kind.template);
  if (missing.size > 0 && templates.length > 0) {
    const fallback = await readAll(
      cwd,
      templates.map((c) => ({ path: c.path, format: c.kind.format, rank: Rank.Template })),
      missing,
    );
    scanned += fallback.scanned;
    Object.assign(chosen, chooseAll(fallback.found));
  }
  const stillMissing = new Set(TARGETS.filter((target) => !chosen[target]));
  if (stillMissing.size > 0 && options.environment) {
    Object.assign(chosen, chooseAll(environmentSightings(options.environment, stillMissing)));
  }

  return { ...chosen, scanned };
}

// Only values that can only be an invoke URL or a user id are read: a shell's STAGE=build is no API stage.
const TELLING_VALUE = /execute-api\.|\b[0-9a-f]{12}\b/;

/** What the environment's variables hold, each shown as `$NAME` where a file name would be. */
function environmentSightings(environment: Readonly<Record<string, string | undefined>>, targets: ReadonlySet<Target>) {
  const entries = Object.entries(environment).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && TELLING_VALUE.test(entry[1]) && !entry[1].includes("\n"),
  );
  const text = entries.map(([name, value]) => `${name}=${value}`).join("\n");
  return scanText(text, "config")
    .filter((hit) => targets.has(hit.target))
    .map((hit): Found => ({ ...hit, file: `$${entries[hit.line - 1]?.[0] ?? "?"}`, line: 0, rank: Rank.Template }));
}

const LABELS: Record<Target, string> = { stage: "stage", userId: "user id" };

function describeOne(target: Target, found: Discovered | undefined, scanned: number): string {
  const label = LABELS[target];
  if (!found) return `no ${label} found (${scanned} file${scanned === 1 ? "" : "s"} read)`;
  const { where, others } = found;
  const place = where.line === 0 ? `${where.file} in the environment` : `${where.file}:${where.line}`;
  const line = `${label} ${found.value} (from ${place}, ${where.how})`;
  if (others.length === 0) return line;
  return `${line}; also seen: ${others.map((o) => `${o.value} in ${o.file}:${o.line}`).join(", ")}`;
}

/** One line per finding, for the run's output: "stage dev (from config/api.yaml:3, invoke URL)". */
export function describeDiscovery(discovery: Discovery): string[] {
  return TARGETS.map((target) => describeOne(target, discovery[target], discovery.scanned));
}
