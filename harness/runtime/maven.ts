import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { outputTail, runToCompletion } from "./run-command.ts";
import {
  defaultPrerequisiteContext,
  PREREQUISITES,
  requireExecutable,
  type PrerequisiteContext,
} from "./prerequisites.ts";

export interface MavenLibraryRequest {
  /** Names the cache folder and the progress line, e.g. "kafka-3.9.2". */
  name: string;
  /** A pom whose dependencies are the library. */
  pomFile: string;
  cacheDir: string;
  /** Extra mvn arguments (settings file, offline mode, a local repository). */
  mavenArgs?: string[];
}

// Lines by which Maven says that it could not reach a repository, as opposed to a broken pom.
const UNREACHABLE =
  /Could not transfer|Unknown host|UnknownHostException|Connection refused|Connect to .* failed|timed out|offline mode|No plugin found for prefix|Network is unreachable|No route to host/i;

/**
 * The folder of jars for a pom, fetched with mvn once and then reused: the cache key is the pom's content,
 * so a version bump fetches anew and an unchanged pom never touches the network.
 */
export async function resolveMavenLibrary(
  request: MavenLibraryRequest,
  context: PrerequisiteContext = defaultPrerequisiteContext(),
): Promise<string> {
  const pom = readFileSync(request.pomFile);
  const key = createHash("sha256").update(pom).digest("hex").slice(0, 12);
  const home = join(request.cacheDir, "maven", `${request.name}-${key}`);
  const lib = join(home, "lib");
  if (existsSync(join(home, ".complete"))) return lib;

  await requireExecutable(PREREQUISITES.java, context);
  const mvn = await requireExecutable(PREREQUISITES.mvn, context);
  context.progress(`fetching ${request.name} jars with Maven (once; cached in ${home})`);
  const staging = `${home}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const args = [
    "-B",
    "-q",
    ...(request.mavenArgs ?? []),
    "-f",
    request.pomFile,
    "dependency:copy-dependencies",
    `-DoutputDirectory=${join(staging, "lib")}`,
    "-DincludeScope=runtime",
  ];
  const result = await runToCompletion(mvn, args);
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    const tail = outputTail(result.output);
    if (UNREACHABLE.test(result.output)) {
      throw new PinpipeError(
        ErrorCode.RegistryUnreachable,
        `Maven could not reach its repository to fetch ${request.name}: check this machine's access to Maven ` +
          `Central, or point Maven at a mirror with PINPIPE_MAVEN_ARGS="-s /path/to/settings.xml". ` +
          `Once fetched, the jars are reused from ${home}.\n${tail}`,
        { context: { library: request.name, pom: request.pomFile } },
      );
    }
    throw new PinpipeError(
      ErrorCode.ProvisionFailed,
      `mvn failed to resolve ${request.name} from ${request.pomFile} (exit ${result.code}):\n${tail}`,
      { context: { library: request.name, pom: request.pomFile } },
    );
  }
  await writeFile(join(staging, ".complete"), new Date().toISOString());
  await rm(home, { recursive: true, force: true });
  try {
    await rename(staging, home);
  } catch (error) {
    // Another process finished the same fetch first: its copy is as good as ours.
    if (!existsSync(join(home, ".complete"))) throw error;
    await rm(staging, { recursive: true, force: true });
  }
  return lib;
}
