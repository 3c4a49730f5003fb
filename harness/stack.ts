import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { config, type RuntimeChoice } from "./config.ts";
import { ErrorCode, PinpipeError } from "./errors.ts";
import { detectRuntime, type Runtime } from "./runtime/detect.ts";
import { progress as defaultProgress, type ProgressSink } from "./runtime/progress.ts";
import { startNativeMysql, type StartedMysql } from "./components/mysql/index.ts";
import { seedPinterestData } from "./components/mysql/seed.ts";
import { startNativeKafka, type StartedKafka } from "./components/kafka/index.ts";
import { defaultBucket, startNativeS3, type StartedS3 } from "./components/s3/index.ts";
import { isUserId, pinterestTopics, type StackInfo } from "./stack-info.ts";
import type { ComponentPlacement } from "./components/types.ts";
import type { ContainerKafkaOptions } from "./components/kafka/container.ts";

export interface StackOptions {
  runtime?: RuntimeChoice;
  /** The prefix of topics and bucket, 12 hex digits on the course's AWS accounts; random by default. */
  userId?: string;
  /** Kafka nodes: 1, or 3 for replication specs. */
  brokers?: number;
  /** Partitions of each of the three topics; default 1. */
  partitions?: number;
  autoCreateTopics?: boolean;
  /** The Pinterest dataset loaded into MySQL: seed and row count (default: seed 100, full size); false for none. */
  fixtures?: { seed?: number; rows?: number } | false;
  stateDir?: string;
  cacheDir?: string;
  progress?: ProgressSink;
}

export interface StartedStack extends AsyncDisposable {
  info: StackInfo;
  runtime: Runtime;
  /** This stack's own files: data directories, configs. Removed on stop unless PINPIPE_KEEP is set. */
  stackDir: string;
  logDir: string;
  mysql: StartedMysql;
  kafka: StartedKafka;
  s3: StartedS3;
  stop(): Promise<void>;
}

// Loaded only when used: Testcontainers costs a noticeable part of a second to import.
const startContainer = {
  mysql: async () => (await import("./components/mysql/container.ts")).startContainerMysql(),
  kafka: async (options: ContainerKafkaOptions) =>
    (await import("./components/kafka/container.ts")).startContainerKafka(options),
};

function randomUserId(): string {
  return randomBytes(6).toString("hex");
}

/** Awaits every start; if any fails, stops the ones that did start and rethrows the first failure. */
async function startAll<T extends readonly unknown[]>(starts: {
  [K in keyof T]: Promise<T[K] & AsyncDisposable>;
}): Promise<T> {
  const results = await Promise.allSettled(starts);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
  await Promise.allSettled(
    results.map((r) => (r.status === "fulfilled" ? (r.value as AsyncDisposable)[Symbol.asyncDispose]() : undefined)),
  );
  throw failed.reason;
}

/** Starts the chain's components, in parallel where they don't depend on each other. */
export async function startStack(options: StackOptions = {}): Promise<StartedStack> {
  const settings = config();
  const say = options.progress ?? defaultProgress;
  const userId = options.userId ?? randomUserId();
  if (!isUserId(userId)) {
    throw new PinpipeError(ErrorCode.InvalidOption, `user id "${userId}" must be letters, digits, - or _`);
  }
  const runtime = await detectRuntime(options.runtime ?? settings.runtime, settings.dockerHost);
  if (runtime === "docker" && (options.brokers ?? 1) > 1) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      "--brokers above 1 needs the native runtime: the container runtime runs one Kafka node.",
    );
  }
  const stateDir = options.stateDir ?? settings.stateDir;
  const stackId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const placement: ComponentPlacement = {
    stackDir: join(stateDir, "stacks", stackId),
    logDir: join(stateDir, "logs"),
    cacheDir: options.cacheDir ?? settings.cacheDir,
  };
  await mkdir(placement.stackDir, { recursive: true });
  await mkdir(placement.logDir, { recursive: true });
  const topics = pinterestTopics(userId);
  const started = Date.now();
  say(`starting a ${runtime} stack for user ${userId} (logs in ${placement.logDir})`);

  const timed = <T>(name: string, start: Promise<T>): Promise<T> =>
    start.then((value) => {
      say(`${name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return value;
    });
  const fixtures = options.fixtures ?? {};
  // The dataset is loaded while Kafka is still starting; a failed load stops this MySQL like a failed start.
  const seeded = async (start: Promise<StartedMysql>): Promise<StartedMysql> => {
    const mysql = await start;
    if (fixtures === false) return mysql;
    try {
      const { rows, ms } = await seedPinterestData(mysql, { ...fixtures, cacheDir: placement.cacheDir });
      say(`mysql seeded with ${rows} rows per table in ${(ms / 1000).toFixed(1)} s`);
    } catch (error) {
      await mysql.stop();
      throw error;
    }
    return mysql;
  };
  const kafkaOptions = {
    brokers: options.brokers,
    partitions: options.partitions,
    autoCreateTopics: options.autoCreateTopics,
    topics,
  };
  let mysql: StartedMysql;
  let kafka: StartedKafka;
  let s3: StartedS3;
  try {
    [mysql, kafka, s3] = await startAll<[StartedMysql, StartedKafka, StartedS3]>([
      timed("mysql", seeded(runtime === "native" ? startNativeMysql(placement) : startContainer.mysql())),
      timed(
        "kafka",
        runtime === "native" ? startNativeKafka({ ...placement, ...kafkaOptions }) : startContainer.kafka(kafkaOptions),
      ),
      // S3Proxy runs on the host in both runtimes: it needs only Java.
      timed("s3", startNativeS3({ ...placement, bucket: defaultBucket(userId) })),
    ]);
  } catch (error) {
    if (!settings.keep) await rm(placement.stackDir, { recursive: true, force: true });
    throw error;
  }

  const info: StackInfo = {
    runtime,
    userId,
    topics,
    invokeUrl: "",
    restProxyUrl: "",
    kafka: { bootstrapServers: kafka.bootstrapServers },
    mysql: { host: mysql.host, port: mysql.port, user: mysql.user, password: mysql.password, database: mysql.database },
    s3: {
      endpoint: s3.endpoint,
      region: s3.region,
      bucket: s3.bucket,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    },
    connectUrl: "",
    connector: "",
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.allSettled([mysql.stop(), kafka.stop(), s3.stop()]);
      if (!settings.keep) await rm(placement.stackDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  say(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    info,
    runtime,
    stackDir: placement.stackDir,
    logDir: placement.logDir,
    mysql,
    kafka,
    s3,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
