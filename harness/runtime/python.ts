import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, PinpipeError } from "../errors.ts";
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
}

export interface PythonEnv {
  /** The virtualenv's bin folder: put it first on PATH so that `python` and `python3` are the env's. */
  binDir: string;
  python: string;
}

/**
 * A virtualenv with the emulator's packages, made once per set of requirements and reused: the cache key is
 * the requirements' content, so an unchanged list never reaches the package index again.
 */
export async function ensurePythonEnv(
  request: PythonEnvRequest,
  context: PrerequisiteContext = defaultPrerequisiteContext(),
): Promise<PythonEnv> {
  const hash = createHash("sha256");
  for (const file of request.requirements) hash.update(readFileSync(file));
  const home = join(request.cacheDir, "python", `venv-${hash.digest("hex").slice(0, 12)}`);
  const env = { binDir: join(home, "bin"), python: join(home, "bin", "python") };
  if (existsSync(join(home, ".complete"))) return env;

  const python3 = await requireExecutable(PREREQUISITES.python3, context);
  context.progress("creating the emulator's Python environment (once; cached)");
  // Built where it will stay: a virtualenv records its own folder, so it cannot be moved once made.
  await rm(home, { recursive: true, force: true });
  const venv = await runToCompletion(python3, ["-m", "venv", home]);
  if (venv.code !== 0) {
    await rm(home, { recursive: true, force: true });
    throw new PinpipeError(
      ErrorCode.MissingPrerequisite,
      `python3 cannot create a virtualenv: run \`apt-get install -y python3-venv\` as root.\n${outputTail(venv.output)}`,
      { context: { command: "python3 -m venv" } },
    );
  }
  const args = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q"];
  for (const file of request.requirements) args.push("-r", file);
  context.progress(`installing ${request.requirements.length} requirements file(s) with pip`);
  const pip = await runToCompletion(env.python, args);
  if (pip.code !== 0) {
    await rm(home, { recursive: true, force: true });
    const unreachable = /Could not find a version|Failed to establish|Name or service not known|timed out/i;
    throw new PinpipeError(
      unreachable.test(pip.output) ? ErrorCode.RegistryUnreachable : ErrorCode.ProvisionFailed,
      `pip could not install the emulator's packages (${request.requirements.join(", ")}): check access to ` +
        `the Python package index, or set PIP_INDEX_URL to a mirror.\n${outputTail(pip.output)}`,
      { context: { requirements: request.requirements } },
    );
  }
  await writeFile(join(home, ".complete"), new Date().toISOString());
  return env;
}
