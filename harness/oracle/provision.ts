import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { config } from "../config.ts";
import { SHORT_LIVED_JVM_FLAGS } from "../runtime/jvm-flags.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import { resolveMavenLibrary } from "../runtime/maven.ts";
import { PREREQUISITES, requireExecutable } from "../runtime/prerequisites.ts";
import { outputTail, runToCompletion } from "../runtime/run-command.ts";

/** A set of real Java libraries, with the oracle class that answers for them. */
export interface OracleLibrary {
  /** The prefix of its ops on the wire, e.g. "rest-proxy". */
  name: string;
  /** The pom of its jars under docker/native/oracle/. */
  pom: string;
  /** Its source file under docker/native/oracle/src/. */
  source: string;
  entryClass: string;
}

export const ORACLE_LIBRARIES: readonly OracleLibrary[] = [
  {
    name: "rest-proxy",
    pom: "rest-proxy/pom.xml",
    source: "rest-proxy/RestProxyOracle.java",
    entryClass: "RestProxyOracle",
  },
  { name: "connect", pom: "connect/pom.xml", source: "connect/ConnectOracle.java", entryClass: "ConnectOracle" },
];

const MAIN_SOURCE = "main/OracleMain.java";

/** How to start the oracle: the java executable and its arguments. */
export interface OracleCommand {
  java: string;
  args: string[];
}

function oraclePath(...parts: string[]): string {
  return projectPath("docker", "native", "oracle", ...parts);
}

async function compile(javac: string, classPath: string, outDir: string, source: string): Promise<void> {
  const args = ["-nowarn", "-encoding", "UTF-8", "-d", outDir, ...(classPath ? ["-cp", classPath] : []), source];
  const result = await runToCompletion(javac, args);
  if (result.code !== 0) {
    throw new PinpipeError(
      ErrorCode.ProvisionFailed,
      `javac failed to build the oracle from ${source} (exit ${result.code}):\n${outputTail(result.output)}`,
      { context: { source } },
    );
  }
}

/** The jars of a resolved library folder: a class loader takes files, not the `lib/*` a class path takes. */
function jarsOf(lib: string): string[] {
  return readdirSync(lib)
    .filter((name) => name.endsWith(".jar"))
    .sort()
    .map((name) => join(lib, name));
}

/**
 * Fetches each library's jars with Maven and compiles the oracle against them, once per cache: the key is the
 * content of every source and pom, so an edit rebuilds and an unchanged oracle starts from the cache.
 */
export async function provisionOracle(cacheDir: string): Promise<OracleCommand> {
  const [java, javac] = await Promise.all([
    requireExecutable(PREREQUISITES.java),
    requireExecutable(PREREQUISITES.javac),
  ]);
  const libs = await Promise.all(
    ORACLE_LIBRARIES.map((library) =>
      resolveMavenLibrary({
        name: `oracle-${library.name}`,
        pomFile: oraclePath(library.pom),
        cacheDir,
        mavenArgs: config().mavenArgs,
      }),
    ),
  );
  const hash = createHash("sha256");
  const inputs = [join("src", MAIN_SOURCE), ...ORACLE_LIBRARIES.flatMap((l) => [join("src", l.source), l.pom])];
  for (const file of inputs) hash.update(file).update(readFileSync(oraclePath(file)));
  const home = join(cacheDir, "oracle", hash.digest("hex").slice(0, 12));
  const classes = (name: string): string => join(home, "classes", name);
  if (!existsSync(join(home, ".complete"))) {
    const staging = `${home}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await compile(javac, "", join(staging, "classes", "main"), oraclePath("src", MAIN_SOURCE));
    for (const [i, library] of ORACLE_LIBRARIES.entries()) {
      const out = join(staging, "classes", library.name);
      await compile(javac, join(libs[i] as string, "*"), out, oraclePath("src", library.source));
      await writeFile(join(out, "oracle-entry"), library.entryClass);
    }
    await writeFile(join(staging, ".complete"), new Date().toISOString());
    await mkdir(join(home, ".."), { recursive: true });
    await rm(home, { recursive: true, force: true });
    await rename(staging, home).catch(async (error: unknown) => {
      // Another process built the same oracle first: its copy is as good as ours.
      if (!existsSync(join(home, ".complete"))) throw error;
      await rm(staging, { recursive: true, force: true });
    });
  }
  const args = ["-Xshare:auto", ...SHORT_LIVED_JVM_FLAGS, "-cp", classes("main"), "OracleMain"];
  for (const [i, library] of ORACLE_LIBRARIES.entries()) {
    args.push(library.name, [classes(library.name), ...jarsOf(libs[i] as string)].join(delimiter));
  }
  return { java, args };
}
