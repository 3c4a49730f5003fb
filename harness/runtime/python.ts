import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { withFolderLock } from "./folder-lock.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import type { ProgressSink } from "./progress.ts";
import { outputTail, runToCompletion } from "./run-command.ts";
import {
  defaultPrerequisiteContext,
  PREREQUISITES,
  requireExecutable,
  type PrerequisiteContext,
} from "./prerequisites.ts";

export interface PythonEnvRequest {
  cacheDir: string;
  /** requirements.txt files, installed together. */
  requirements: readonly string[];
  /** Distribution specs installed with them ("PyYAML==6.0.3"); part of the cache key, in any order. */
  specs?: readonly string[];
  /** The Python that makes the virtualenv (default: python3 from PATH); its version is part of the cache key. */
  python?: string;
  /** More facts that decide what the env holds (e.g. what `finish` installs), folded into the cache key. */
  keyParts?: readonly string[];
  /** Runs once the packages are in, before the env is marked complete: installs what only the env can tell. */
  finish?: (env: PythonEnv) => Promise<void>;
  /** Said once, when the env is built (default: a generic line). */
  label?: string;
  progress?: ProgressSink;
}

export interface PythonEnv {
  /** The virtualenv's bin folder: put it first on PATH so that `python` and `python3` are the env's. */
  binDir: string;
  python: string;
  /** False when an env made earlier was reused. */
  built?: boolean;
}

/** Why pip failed, in one line: its first error (without the list of every version it knows). */
export function pipReason(output: string): string {
  const lines = output.split("\n").map((line) => line.trim());
  const error = lines.find((line) => /^ERROR: /.test(line)) ?? lines.filter(Boolean).pop() ?? "";
  return error.replace(/^ERROR: /, "").replace(/ \(from versions: [^)]*\)/, "");
}

const NETWORK_FAILURE =
  /Failed to establish|Name or service not known|Temporary failure in name resolution|timed out|ProxyError|Network is unreachable/i;

/**
 * pip's output when the index could not be reached (as opposed to an index that said no: "Could not find a
 * version" alone means the version does not exist for this Python, which retrying will not change).
 */
function pipUnreachable(output: string): boolean {
  return NETWORK_FAILURE.test(output);
}

async function pythonVersion(python: string): Promise<string> {
  const result = await runToCompletion(python, ["-I", "-c", "import sys; print(sys.version)"]);
  if (result.code !== 0) {
    throw new PinpipeError(ErrorCode.MissingPrerequisite, `${python} does not run: ${outputTail(result.output, 3)}`, {
      context: { python },
    });
  }
  return result.output.trim();
}

/**
 * The folder name of an env. Requirements-only requests keep the key they always had (the files' content), so
 * envs made before specs and interpreters could be chosen stay valid.
 */
async function envKey(request: PythonEnvRequest, python: () => Promise<string>): Promise<string> {
  const hash = createHash("sha256");
  for (const file of request.requirements) hash.update(readFileSync(file));
  if (request.specs !== undefined || request.python !== undefined || request.keyParts !== undefined) {
    const facts = [`python ${await pythonVersion(await python())}`, ...[...(request.specs ?? [])].sort()];
    hash.update(`\0${JSON.stringify([facts, request.keyParts ?? []])}`);
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * A virtualenv with the emulator's packages, made once per set of requirements and reused: the cache key is
 * the requirements' content (and the specs and interpreter, when given), so an unchanged list never reaches
 * the package index again.
 */
export async function ensurePythonEnv(
  request: PythonEnvRequest,
  context: PrerequisiteContext = defaultPrerequisiteContext(),
): Promise<PythonEnv> {
  const say = request.progress ?? context.progress;
  let interpreter: Promise<string> | undefined;
  const python = (): Promise<string> =>
    (interpreter ??=
      request.python === undefined
        ? requireExecutable(PREREQUISITES.python3, context)
        : Promise.resolve(request.python));
  const home = join(request.cacheDir, "python", `venv-${await envKey(request, python)}`);
  const env = { binDir: join(home, "bin"), python: join(home, "bin", "python") };
  const complete = (): boolean => existsSync(join(home, ".complete"));
  if (complete()) return { ...env, built: false };
  await mkdir(dirname(home), { recursive: true });
  // Two runs that need the same env at once: one builds it, the other waits and then uses it.
  const built = await withFolderLock(`${home}.lock`, complete, () => buildEnv(request, home, env, python, say));
  return { ...env, built: built !== undefined };
}

async function buildEnv(
  request: PythonEnvRequest,
  home: string,
  env: PythonEnv,
  python: () => Promise<string>,
  say: ProgressSink,
): Promise<true> {
  const python3 = await python();
  say(request.label ?? "creating the emulator's Python environment (once; cached)");
  // Built where it will stay: a virtualenv records its own folder, so it cannot be moved once made.
  await rm(home, { recursive: true, force: true });
  const venv = await runToCompletion(python3, ["-m", "venv", home]);
  if (venv.code !== 0) {
    await rm(home, { recursive: true, force: true });
    throw new PinpipeError(
      ErrorCode.MissingPrerequisite,
      `${python3} cannot create a virtualenv: run \`apt-get install -y python3-venv\` as root.\n${outputTail(venv.output)}`,
      { context: { command: `${python3} -m venv` } },
    );
  }
  try {
    const specs = request.specs ?? [];
    if (request.requirements.length > 0 || specs.length > 0) {
      if (request.label === undefined) {
        say(`installing ${request.requirements.length} requirements file(s) and ${specs.length} package(s) with pip`);
      }
      await pipInstall(env.python, [...request.requirements.flatMap((file) => ["-r", file]), ...specs], {
        requirements: request.requirements,
        specs,
      });
    }
    await request.finish?.(env);
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
  await writeFile(join(home, ".complete"), new Date().toISOString());
  return true;
}

/** `pip install` into a virtualenv; a failure says why in one line (`context.reason`) and whether the index was reached. */
export async function pipInstall(
  python: string,
  args: readonly string[],
  context: Record<string, unknown> = {},
): Promise<void> {
  const pip = await runToCompletion(python, [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-input",
    "-q",
    ...args,
  ]);
  if (pip.code === 0) return;
  const unreachable = pipUnreachable(pip.output);
  const reason = pipReason(pip.output);
  throw new PinpipeError(
    unreachable ? ErrorCode.RegistryUnreachable : ErrorCode.ProvisionFailed,
    `pip could not install the emulator's packages (${args.join(" ")}): ${reason}. ` +
      (unreachable
        ? "Check access to the Python package index, or set PIP_INDEX_URL to a mirror."
        : "Fix or remove the failing requirement.") +
      `\n${outputTail(pip.output)}`,
    { context: { ...context, reason, unreachable } },
  );
}
