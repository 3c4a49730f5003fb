import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { ErrorCode, isPinpipeError } from "../../errors.ts";
import { progress as defaultProgress, type ProgressSink } from "../../runtime/progress.ts";
import { ensurePythonEnv, pipInstall, type PythonEnv } from "../../runtime/python.ts";
import type { EmulatorNeeds } from "./analyze.ts";
import { BASE_SPECS, beyondBase, sortedSpecs, specsFor, unpinned } from "./distributions.ts";
import { unimportable } from "./importable.ts";
import { pythonTooOldError } from "./too-old.ts";
import { installVerdicts, type InstallVerdicts } from "./verdicts.ts";

export interface EmulatorEnvOptions {
  cacheDir: string;
  needs: EmulatorNeeds;
  /** More requirements files the user asked for (`--requirements`): installed whatever else is chosen. */
  extraRequirements?: readonly string[];
  progress?: ProgressSink;
}

export interface EmulatorEnv {
  /** The virtualenv's bin folder, to put first on the emulator's PATH. */
  binDir: string;
  python: string;
  /** Lines to show the user, `needs.notes` included (e.g. "requirements.txt does not install on Python 3.11 (…)"). */
  notes: string[];
  /** Whether the env was made earlier and reused as it was (no pip). */
  cached: boolean;
  /** What the env was made from: the script's requirements.txt, or its imports. */
  source: "requirements" | "imports";
}

/** A cached virtualenv with what `needs` asks for. */
export async function ensureEmulatorEnv(options: EmulatorEnvOptions): Promise<EmulatorEnv> {
  const { needs, cacheDir } = options;
  if (needs.pythonTooOld) throw pythonTooOldError(needs.pythonTooOld);
  const say = options.progress ?? defaultProgress;
  const verdicts = installVerdicts(cacheDir);
  const notes = [...needs.notes];
  let made: { env: PythonEnv; source: EmulatorEnv["source"] } | undefined;
  if (needs.requirementsFile !== undefined) {
    const fromFile = await fromRequirements(needs.requirementsFile, options, verdicts, say);
    if ("env" in fromFile) made = { env: fromFile.env, source: "requirements" };
    else notes.push(fromFile.note);
  }
  made ??= { env: await fromImports(options, verdicts, say, notes), source: "imports" };
  const notInstalled = await unimportable(made.env.python, needs.unknown);
  if (notInstalled.length > 0) {
    const where = notInstalled.map((name) => `${name} (${needs.importedAt[name] ?? "?"})`).join(", ");
    notes.push(`no known distribution for ${where}: not installed; list it in a requirements.txt beside the script`);
  }
  return {
    binDir: made.env.binDir,
    python: made.env.python,
    notes,
    cached: made.env.built === false,
    source: made.source,
  };
}

/** A path as the user would type it from here. */
function shown(file: string): string {
  const near = relative(process.cwd(), file);
  return near.startsWith("..") || isAbsolute(near) ? file : near;
}

const minorVersion = (version: string): string => version.split(".").slice(0, 2).join(".");

/** The extra requirements files and their content, for verdict keys. */
function extraFacts(options: EmulatorEnvOptions): string[] {
  return (options.extraRequirements ?? []).flatMap((file) => [file, readFileSync(file, "utf8")]);
}

/** The env built from the requirements file plus what the imports still lack, or why the file cannot be used. */
async function fromRequirements(
  file: string,
  options: EmulatorEnvOptions,
  verdicts: InstallVerdicts,
  say: ProgressSink,
): Promise<{ env: PythonEnv } | { note: string }> {
  const { needs } = options;
  const name = shown(file);
  const fileKey = ["requirements", readFileSync(file, "utf8"), needs.pythonVersion, ...extraFacts(options)];
  const withImportsKey = [...fileKey, ...needs.modules];
  const noInstall = (reason: string): string =>
    `${name} does not install on Python ${minorVersion(needs.pythonVersion)} (${reason}): using the imports instead`;
  const noFit = (reason: string): string =>
    `${name} installs, but not with what the script imports (${reason}): using the imports instead`;
  const knownFailure = verdicts.failure(fileKey);
  if (knownFailure !== undefined) return { note: noInstall(knownFailure) };
  const knownMisfit = verdicts.failure(withImportsKey);
  if (knownMisfit !== undefined) return { note: noFit(knownMisfit) };

  try {
    const env = await ensurePythonEnv({
      cacheDir: options.cacheDir,
      requirements: [file, ...(options.extraRequirements ?? [])],
      python: needs.python,
      // What `finish` adds depends on the imports, so they are part of the key as well as the file.
      keyParts: ["requirements+imports", ...needs.modules],
      label: `${name}: installing it with pip (once; cached)`,
      progress: say,
      finish: (env) => addMissingImports(env, needs, name, say),
    });
    if (!env.built) say(`${name}: using its cached environment`);
    return { env };
  } catch (error) {
    // Only pip's own verdicts are remembered; anything else (a broken interpreter) is for the user to see.
    if (!isPinpipeError(error, ErrorCode.ProvisionFailed) || error.context.reason === undefined) throw error;
    const reason = String(error.context.reason);
    if (error.context.stage === "imports") {
      await verdicts.recordFailure(withImportsKey, reason);
      return { note: noFit(reason) };
    }
    await verdicts.recordFailure(fileKey, reason);
    return { note: noInstall(reason) };
  }
}

/** Installs the distributions of imported modules that the requirements file left out. */
async function addMissingImports(env: PythonEnv, needs: EmulatorNeeds, name: string, say: ProgressSink): Promise<void> {
  const missing = await unimportable(env.python, needs.modules);
  if (missing.length === 0) return;
  const specs = specsFor(missing);
  say(`imports missing from ${name}: ${missing.join(", ")} → installing ${specs.join(", ")}`);
  try {
    await pipInstall(env.python, specs, { stage: "imports" });
  } catch (error) {
    if (!isPinpipeError(error, ErrorCode.ProvisionFailed)) throw error;
    // The file's own pins may rule out pinpipe's: any version that fits them will do.
    say(`${specs.join(", ")} conflict with ${name} (${String(error.context.reason)}): installing versions that fit`);
    await pipInstall(env.python, specs.map(unpinned), { stage: "imports" });
  }
}

/** The env for the imports: the base set plus what they add, pinned (or, where the pins cannot install, not). */
async function fromImports(
  options: EmulatorEnvOptions,
  verdicts: InstallVerdicts,
  say: ProgressSink,
  notes: string[],
): Promise<PythonEnv> {
  const { needs } = options;
  const specs = sortedSpecs([...BASE_SPECS, ...beyondBase(needs.distributions)]);
  const extra = specs.filter((spec) => !BASE_SPECS.includes(spec));
  const extraFiles = options.extraRequirements ?? [];
  const found = `imports: ${needs.imports.length > 0 ? needs.imports.join(", ") : "none"}`;
  const files = extraFiles.length > 0 ? ` and ${extraFiles.map(shown).join(", ")}` : "";
  const adds = (extra.length > 0 ? extra.join(", ") : `the base set (${BASE_SPECS.join(", ")})`) + files;
  const request = { cacheDir: options.cacheDir, requirements: extraFiles, python: needs.python, progress: say };
  const pinnedKey = ["imports", needs.pythonVersion, ...specs, ...extraFacts(options)];
  const latest = async (reason: string): Promise<PythonEnv> => {
    notes.push(
      `the pinned versions do not install on Python ${minorVersion(needs.pythonVersion)} (${reason}): ` +
        `using the latest versions instead`,
    );
    const unpinnedSpecs = specs.map(unpinned);
    const env = await ensurePythonEnv({
      ...request,
      specs: unpinnedSpecs,
      label: `${found} → installing ${unpinnedSpecs.join(", ")} (once; cached)`,
    });
    if (!env.built) say(`${found} → ${unpinnedSpecs.join(", ")} (cached)`);
    return env;
  };

  const knownFailure = verdicts.failure(pinnedKey);
  if (knownFailure !== undefined) return latest(knownFailure);
  try {
    const env = await ensurePythonEnv({ ...request, specs, label: `${found} → installing ${adds} (once; cached)` });
    if (!env.built)
      say(`${found} → ${extra.length > 0 ? `${extra.join(", ")} and ` : ""}the base set${files} (cached)`);
    return env;
  } catch (error) {
    // Only pip's own verdicts are remembered; anything else (a broken interpreter) is for the user to see.
    if (!isPinpipeError(error, ErrorCode.ProvisionFailed) || error.context.reason === undefined) throw error;
    const reason = String(error.context.reason);
    await verdicts.recordFailure(pinnedKey, reason);
    return latest(reason);
  }
}
