import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { projectPath } from "../../paths.ts";
import { resolveMavenLibrary } from "../../runtime/maven.ts";
import { freePorts } from "../../runtime/ports.ts";
import { PREREQUISITES, requireExecutable } from "../../runtime/prerequisites.ts";
import { progress as defaultProgress, type ProgressSink } from "../../runtime/progress.ts";
import { config } from "../../config.ts";
import { restartable, type Run } from "../restartable.ts";
import type { ComponentPlacement } from "../types.ts";
import type { KafkaBroker, StartedKafka } from "./index.ts";
import { propertiesFileOf, runNode, type KafkaPlace } from "./node.ts";
import { copyFormattedStorage } from "./storage-template.ts";
import { LOG4J_PROPERTIES, serverProperties, type KraftNode } from "./properties.ts";
import { waitUntilServing } from "./serving.ts";
import { createTopics } from "./topics.ts";

export const KAFKA_VERSION = "3.9.2";

export interface NativeKafkaOptions extends ComponentPlacement {
  host?: string;
  /** 1 (default) or 3: a three-node KRaft cluster, for replication and partition specs. */
  brokers?: number;
  topics?: readonly string[];
  /** Partitions of each created topic; default 1. */
  partitions?: number;
  /** Replication factor of created topics; default min(brokers, 3). */
  replicationFactor?: number;
  autoCreateTopics?: boolean;
  /** Extra server.properties entries for every node. */
  overrides?: Record<string, string>;
  heap?: string;
  readyTimeoutMs?: number;
  progress?: ProgressSink;
}

/** The jars of Apache Kafka, fetched from Maven Central once and reused from the cache. */
export function provisionKafka(cacheDir: string, progress: ProgressSink = defaultProgress): Promise<string> {
  return resolveMavenLibrary({
    name: `kafka-${KAFKA_VERSION}`,
    pomFile: projectPath("docker", "native", "kafka", "pom.xml"),
    cacheDir,
    mavenArgs: config().mavenArgs,
  }).then((lib) => {
    progress(`kafka ${KAFKA_VERSION} jars ready`);
    return lib;
  });
}

/** Awaits every start; if any fails, stops the ones that did start and rethrows the first failure. */
async function allOrNone(starts: Promise<Run>[]): Promise<Run[]> {
  const results = await Promise.allSettled(starts);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<Run>).value);
  await Promise.all(results.map((r) => (r.status === "fulfilled" ? r.value.stop() : undefined)));
  throw failed.reason;
}

/**
 * Starts Apache Kafka in KRaft mode from the cached jars: one combined node, or three. `start()` after `stop()` or
 * `kill()`, of the cluster or of one broker, runs the nodes again on the same ports and log directories, without
 * formatting them: topics, records, committed offsets and groups are still there (Kafka recovers its logs after
 * a kill).
 */
export async function startNativeKafka(options: NativeKafkaOptions): Promise<StartedKafka> {
  const host = options.host ?? "127.0.0.1";
  const count = options.brokers ?? 1;
  if (count < 1) throw new PinpipeError(ErrorCode.InvalidOption, `kafka: brokers must be at least 1, got ${count}`);
  const [java, lib] = await Promise.all([requireExecutable(PREREQUISITES.java), provisionKafka(options.cacheDir)]);
  const home = join(options.stackDir, "kafka");
  const place: KafkaPlace = {
    java,
    classpath: join(lib, "*"),
    heap: options.heap ?? "512m",
    log4jFile: join(home, "log4j.properties"),
    home,
    logDir: options.logDir,
    single: count === 1,
    timeoutMs: options.readyTimeoutMs ?? 60_000,
    cacheDir: options.cacheDir,
  };
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  await writeFile(place.log4jFile, LOG4J_PROPERTIES);

  const ports = await freePorts(count * 2, host);
  const nodes: KraftNode[] = Array.from({ length: count }, (_, i) => ({
    nodeId: i + 1,
    host,
    brokerPort: ports[2 * i] as number,
    controllerPort: ports[2 * i + 1] as number,
    logDir: join(home, `node-${i + 1}`, "data"),
  }));
  const settings = {
    autoCreateTopics: options.autoCreateTopics ?? false,
    defaultPartitions: options.partitions ?? 1,
    internalReplicationFactor: Math.min(count, 3),
    overrides: options.overrides,
  };
  await Promise.all(
    nodes.map(async (node) => {
      await mkdir(dirname(node.logDir), { recursive: true });
      await writeFile(propertiesFileOf(place, node), serverProperties(node, nodes, settings));
      await copyFormattedStorage(place, node, nodes, settings, options.cacheDir);
    }),
  );

  const firstRuns = await allOrNone(nodes.map((node) => runNode(place, node, true)));
  const stopAll = (): Promise<unknown> => Promise.all(firstRuns.map((run) => run.stop()));
  const bootstrapServers = nodes.map((n) => `${host}:${n.brokerPort}`).join(",");
  const topics = [...(options.topics ?? [])];
  try {
    if (topics.length > 0) {
      await createTopics({
        bootstrapServers,
        topics,
        partitions: options.partitions ?? 1,
        replicationFactor: options.replicationFactor ?? Math.min(count, 3),
      });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const brokers: KafkaBroker[] = nodes.map((node, i) =>
    restartable({ nodeId: node.nodeId, host, port: node.brokerPort }, firstRuns[i] as Run, async () => {
      const run = await runNode(place, node, false);
      try {
        await waitUntilServing(`${host}:${node.brokerPort}`, topics, place.timeoutMs);
      } catch (error) {
        await run.stop();
        throw error;
      }
      return run;
    }),
  );
  const each = (step: (broker: KafkaBroker) => Promise<void>) => async (): Promise<void> => {
    await Promise.all(brokers.map(step));
  };
  const stop = each((b) => b.stop());
  const handle = {
    bootstrapServers,
    topics,
    brokers,
    // In parallel: a node of a cluster whose other nodes are all down cannot become ready on its own.
    start: each((b) => b.start()),
    stop,
    kill: each((b) => b.kill()),
    [Symbol.asyncDispose]: stop,
  };
  Object.defineProperty(handle, "running", { get: () => brokers.every((b) => b.running), enumerable: true });
  return handle as typeof handle & { readonly running: boolean };
}
