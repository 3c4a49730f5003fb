import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { projectPath } from "../../paths.ts";
import { resolveMavenLibrary } from "../../runtime/maven.ts";
import { freePorts } from "../../runtime/ports.ts";
import { PREREQUISITES, requireExecutable } from "../../runtime/prerequisites.ts";
import { ManagedProcess } from "../../runtime/process.ts";
import { progress as defaultProgress, type ProgressSink } from "../../runtime/progress.ts";
import { waitForLogLine } from "../../runtime/wait.ts";
import { outputTail, runToCompletion } from "../../runtime/run-command.ts";
import { config } from "../../config.ts";
import type { ComponentPlacement } from "../types.ts";
import type { StartedKafka } from "./index.ts";
import { jvmArgs, LOG4J_PROPERTIES, serverProperties, type KraftNode } from "./properties.ts";
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

/**
 * Base64url of 16 random bytes: the form `kafka-storage random-uuid` prints. Like Kafka's own generator it
 * never starts with "-", which the storage tool would read as an option.
 */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
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

/** Starts Apache Kafka in KRaft mode from the cached jars: one combined node, or three. */
export async function startNativeKafka(options: NativeKafkaOptions): Promise<StartedKafka> {
  const host = options.host ?? "127.0.0.1";
  const count = options.brokers ?? 1;
  if (count < 1) throw new PinpipeError(ErrorCode.InvalidOption, `kafka: brokers must be at least 1, got ${count}`);
  const [java, lib] = await Promise.all([requireExecutable(PREREQUISITES.java), provisionKafka(options.cacheDir)]);
  const classpath = join(lib, "*");
  const home = join(options.stackDir, "kafka");
  await rm(home, { recursive: true, force: true });
  const log4jFile = join(home, "log4j.properties");
  await mkdir(home, { recursive: true });
  await writeFile(log4jFile, LOG4J_PROPERTIES);

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
  const id = clusterId();
  const propertiesFiles = await Promise.all(
    nodes.map(async (node) => {
      const file = join(home, `node-${node.nodeId}`, "server.properties");
      await mkdir(node.logDir, { recursive: true });
      await writeFile(file, serverProperties(node, nodes, settings));
      const format = await runToCompletion(java, [
        "-cp",
        classpath,
        "kafka.tools.StorageTool",
        ...["format", "-t", id, "-c", file, "--ignore-formatted"],
      ]);
      if (format.code !== 0) {
        throw new PinpipeError(
          ErrorCode.StartFailed,
          `kafka: formatting storage failed (exit ${format.code}):\n${outputTail(format.output)}`,
          { context: { component: "kafka" } },
        );
      }
      return file;
    }),
  );

  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    for (const [i, node] of nodes.entries()) {
      processes.push(
        await ManagedProcess.spawn({
          name: count === 1 ? "kafka" : `kafka-${node.nodeId}`,
          command: java,
          args: [
            ...jvmArgs(options.heap ?? "512m", log4jFile, home),
            "-cp",
            classpath,
            "kafka.Kafka",
            propertiesFiles[i] as string,
          ],
          logFile: join(options.logDir, count === 1 ? "kafka.log" : `kafka-${node.nodeId}.log`),
          stopTimeoutMs: 10_000,
        }),
      );
    }
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    await Promise.all(
      processes.map((p) =>
        waitForLogLine(p, /Kafka Server started/, { name: `${p.name}: Kafka Server started`, timeoutMs, process: p }),
      ),
    );
    const bootstrapServers = nodes.map((n) => `${host}:${n.brokerPort}`).join(",");
    const topics = [...(options.topics ?? [])];
    if (topics.length > 0) {
      await createTopics({
        bootstrapServers,
        topics,
        partitions: options.partitions ?? 1,
        replicationFactor: options.replicationFactor ?? Math.min(count, 3),
      });
    }
    return {
      bootstrapServers,
      topics,
      brokers: nodes.map((node, i) => ({
        nodeId: node.nodeId,
        host,
        port: node.brokerPort,
        kill: () => (processes[i] as ManagedProcess).kill(),
      })),
      stop,
      kill: async () => {
        await Promise.all(processes.map((p) => p.kill()));
      },
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
