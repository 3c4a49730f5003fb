import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { ErrorCode, PinpipeError } from "./errors.ts";

/** Every environment variable pinpipe reads, read once here so the rest of the harness stays pure. */
export interface PinpipeConfig {
  /** `PINPIPE_RUNTIME`: auto | native | docker. */
  runtime: RuntimeChoice;
  /** `PINPIPE_CACHE_DIR`: jars, packages and generated fixtures reused between runs. */
  cacheDir: string;
  /** `PINPIPE_HOME`: per-project state (logs, stack directories, stack.json); default `.pinpipe` in the cwd. */
  stateDir: string;
  /** `PINPIPE_KEEP=1`: keep a failed stack and its files for debugging. */
  keep: boolean;
  /** `PINPIPE_QUIET=1`: no progress lines on stderr. */
  quiet: boolean;
  /** `DOCKER_HOST`, used by runtime detection. */
  dockerHost: string | undefined;
  /** `PATH`, searched for java, mvn, mariadbd. */
  path: string;
  /** Whether the process runs as root (apt-get may then install what is missing). */
  isRoot: boolean;
  /** `PINPIPE_MAVEN_ARGS`: extra arguments for every mvn call (a mirror settings file, offline mode). */
  mavenArgs: string[];
  /** `CI`: set by CI systems. */
  ci: boolean;
  /** `PINPIPE_NO_INSTALL=1`: never run apt-get; report the command instead. */
  noInstall: boolean;
  /** The environment handed to child processes (the emulator, mvn, apt-get), captured once. */
  childEnv: Readonly<Record<string, string | undefined>>;
}

export type RuntimeChoice = "auto" | "native" | "docker";

const RUNTIMES: readonly RuntimeChoice[] = ["auto", "native", "docker"];

export function parseRuntimeChoice(value: string | undefined, source: string): RuntimeChoice {
  if (value === undefined || value === "") return "auto";
  if ((RUNTIMES as readonly string[]).includes(value)) return value as RuntimeChoice;
  throw new PinpipeError(ErrorCode.InvalidOption, `${source} must be one of ${RUNTIMES.join(", ")}; got "${value}"`);
}

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): PinpipeConfig {
  return {
    runtime: parseRuntimeChoice(env.PINPIPE_RUNTIME, "PINPIPE_RUNTIME"),
    cacheDir: resolve(env.PINPIPE_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pinpipe")),
    stateDir: resolve(cwd, env.PINPIPE_HOME || ".pinpipe"),
    keep: flag(env.PINPIPE_KEEP),
    quiet: flag(env.PINPIPE_QUIET),
    dockerHost: env.DOCKER_HOST || undefined,
    path: env.PATH ?? "",
    isRoot: typeof process.getuid === "function" && process.getuid() === 0,
    mavenArgs: (env.PINPIPE_MAVEN_ARGS ?? "").split(/\s+/).filter(Boolean),
    ci: flag(env.CI),
    noInstall: flag(env.PINPIPE_NO_INSTALL),
    childEnv: { ...env },
  };
}

let cached: PinpipeConfig | undefined;

/** The process-wide configuration, read on first use. */
export function config(): PinpipeConfig {
  cached ??= readConfig();
  return cached;
}

/**
 * The environment a component thread starts with: the process's as it is now (as a worker thread's would be), but
 * without the AWS SDK's notice that its releases from 2027 on need Node 22, unless the variable is set. The pinned
 * release runs on Node 20, so the notice says nothing to act on, and each thread that makes an S3 client printed it
 * under pinpipe's progress lines.
 */
export function threadEnv(): Record<string, string | undefined> {
  return { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env };
}
