import { config } from "../config.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { findExecutable, withSbin } from "./executables.ts";
import { progress, type ProgressSink } from "./progress.ts";
import { runToCompletion } from "./run-command.ts";

/** A program the native runtime needs, and the Debian package that provides it. */
export interface Prerequisite {
  command: string;
  debianPackage: string;
  /** Why pinpipe needs it, for `doctor` and error messages. */
  neededFor: string;
  /** Only some commands need it: `doctor` names it without calling the runtime unhealthy. */
  optional?: boolean;
}

export const PREREQUISITES = {
  java: { command: "java", debianPackage: "openjdk-17-jre-headless", neededFor: "Kafka and S3Proxy" },
  javac: {
    command: "javac",
    debianPackage: "openjdk-17-jdk-headless",
    neededFor: "building the differential oracle from the real Java libraries",
    optional: true,
  },
  mvn: { command: "mvn", debianPackage: "maven", neededFor: "fetching the Kafka and S3Proxy jars" },
  mariadbd: { command: "mariadbd", debianPackage: "mariadb-server", neededFor: "the MySQL component" },
  python3: { command: "python3", debianPackage: "python3-venv", neededFor: "running the emulator in a virtualenv" },
  mariadbInstallDb: {
    command: "mariadb-install-db",
    debianPackage: "mariadb-server",
    neededFor: "creating the MySQL data directory",
  },
} satisfies Record<string, Prerequisite>;

export interface PrerequisiteContext {
  searchPath: string;
  /** apt-get may be run (as root, unless PINPIPE_NO_INSTALL is set). */
  allowInstall: boolean;
  progress: ProgressSink;
}

export function defaultPrerequisiteContext(): PrerequisiteContext {
  const { path, isRoot, noInstall } = config();
  return { searchPath: withSbin(path), allowInstall: isRoot && !noInstall, progress };
}

export function installCommand(prerequisite: Prerequisite): string {
  return `apt-get update && apt-get install -y ${prerequisite.debianPackage}`;
}

export function missingPrerequisiteError(prerequisite: Prerequisite, detail = ""): PinpipeError {
  return new PinpipeError(
    ErrorCode.MissingPrerequisite,
    `${prerequisite.command} not found (needed for ${prerequisite.neededFor}): run \`${installCommand(prerequisite)}\` ` +
      `as root, or use --runtime docker where a Docker engine runs.${detail}`,
    { context: { command: prerequisite.command, debianPackage: prerequisite.debianPackage } },
  );
}

const APT = { env: { DEBIAN_FRONTEND: "noninteractive" } };
let aptUpdated: Promise<void> | undefined;

async function aptInstall(packages: string[], sink: ProgressSink): Promise<void> {
  aptUpdated ??= runToCompletion("apt-get", ["update", "-qq"], APT).then(() => undefined);
  await aptUpdated;
  sink(`installing ${packages.join(", ")} with apt-get (once per machine)`);
  const result = await runToCompletion("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], {
    ...APT,
    onLine: (line) => line.startsWith("Setting up") && sink(`  ${line}`),
  });
  if (result.code !== 0) {
    throw new PinpipeError(
      ErrorCode.ProvisionFailed,
      `apt-get install ${packages.join(" ")} failed (exit ${result.code}); run it by hand to see why:\n` +
        result.output.split("\n").slice(-10).join("\n"),
      { context: { packages } },
    );
  }
}

const installs = new Map<string, Promise<void>>();

/** The path of the prerequisite's program, installing its Debian package first when allowed and missing. */
export async function requireExecutable(
  prerequisite: Prerequisite,
  context: PrerequisiteContext = defaultPrerequisiteContext(),
): Promise<string> {
  const found = findExecutable(prerequisite.command, context.searchPath);
  if (found) return found;
  const canInstall = context.allowInstall && findExecutable("apt-get", context.searchPath) !== undefined;
  if (!canInstall) throw missingPrerequisiteError(prerequisite);
  let install = installs.get(prerequisite.debianPackage);
  if (!install) {
    install = aptInstall([prerequisite.debianPackage], context.progress);
    installs.set(prerequisite.debianPackage, install);
  }
  await install;
  const installed = findExecutable(prerequisite.command, context.searchPath);
  if (!installed) throw missingPrerequisiteError(prerequisite, " (apt-get ran, but the program is still missing)");
  return installed;
}
