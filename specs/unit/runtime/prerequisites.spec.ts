import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCode, isPinpipeError, type PinpipeError } from "../../../harness/errors.ts";
import { findExecutable, withSbin } from "../../../harness/runtime/executables.ts";
import { resolveMavenLibrary } from "../../../harness/runtime/maven.ts";
import { PREREQUISITES, requireExecutable, type PrerequisiteContext } from "../../../harness/runtime/prerequisites.ts";
import { projectPath } from "../../../harness/paths.ts";

const emptyDir = (): string => mkdtempSync(join(tmpdir(), "pinpipe-spec-"));

/** A PATH holding only the named programs (symlinks to the real ones). */
function pathWith(...programs: string[]): string {
  const dir = emptyDir();
  for (const program of programs) {
    const real = findExecutable(program, withSbin(process.env.PATH ?? ""));
    if (!real) throw new Error(`${program} is needed to run this spec`);
    symlinkSync(real, join(dir, program));
  }
  return dir;
}

const context = (searchPath: string): PrerequisiteContext => ({
  searchPath,
  allowInstall: false,
  progress: () => {},
});

async function failure(promise: Promise<unknown>): Promise<PinpipeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPinpipeError(error)) throw new Error(`expected a PinpipeError, got ${String(error)}`);
  return error;
}

describe("missing prerequisites", () => {
  it.each([
    [PREREQUISITES.java, "apt-get install -y openjdk-17-jre-headless"],
    [PREREQUISITES.mvn, "apt-get install -y maven"],
    [PREREQUISITES.mariadbd, "apt-get install -y mariadb-server"],
    [PREREQUISITES.mariadbInstallDb, "apt-get install -y mariadb-server"],
    [PREREQUISITES.python3, "apt-get install -y python3-venv"],
  ])("names the install command when %s is missing", async (prerequisite, fix) => {
    const error = await failure(requireExecutable(prerequisite, context(emptyDir())));
    expect(error.code).toBe(ErrorCode.MissingPrerequisite);
    expect(error.message).toContain(`${prerequisite.command} not found`);
    expect(error.message).toContain(fix);
    expect(error.context).toMatchObject({ command: prerequisite.command });
  });

  it("finds a program that is on the search path", async () => {
    const dir = emptyDir();
    const program = join(dir, "mariadbd");
    writeFileSync(program, "#!/bin/sh\n", { mode: 0o755 });
    await expect(requireExecutable(PREREQUISITES.mariadbd, context(dir))).resolves.toBe(program);
  });

  it("does not find a file that is not executable", () => {
    const dir = emptyDir();
    writeFileSync(join(dir, "java"), "", { mode: 0o644 });
    expect(findExecutable("java", dir)).toBeUndefined();
  });

  it("asks for mvn before fetching jars when only java is there", async () => {
    const error = await failure(
      resolveMavenLibrary(
        { name: "kafka-spec", pomFile: projectPath("docker", "native", "kafka", "pom.xml"), cacheDir: emptyDir() },
        context(pathWith("java")),
      ),
    );
    expect(error.code).toBe(ErrorCode.MissingPrerequisite);
    expect(error.message).toContain("apt-get install -y maven");
  });

  it("says that Maven is unreachable, and how to point it at a mirror, when it cannot download", async () => {
    // An empty local repository and a mirror where nothing listens: Maven must download and cannot.
    const settings = join(emptyDir(), "settings.xml");
    writeFileSync(
      settings,
      "<settings><mirrors><mirror><id>nowhere</id><mirrorOf>*</mirrorOf>" +
        "<url>http://127.0.0.1:9/maven2</url></mirror></mirrors></settings>",
    );
    const error = await failure(
      resolveMavenLibrary(
        {
          name: "kafka-spec",
          pomFile: projectPath("docker", "native", "kafka", "pom.xml"),
          cacheDir: emptyDir(),
          mavenArgs: ["-s", settings, `-Dmaven.repo.local=${emptyDir()}`],
        },
        context(pathWith("java", "mvn")),
      ),
    );
    expect(error.code).toBe(ErrorCode.RegistryUnreachable);
    expect(error.message).toContain("Maven could not reach its repository to fetch kafka-spec");
    expect(error.message).toContain("PINPIPE_MAVEN_ARGS");
  }, 60_000);
});
