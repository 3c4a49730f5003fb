import { join } from "node:path";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { assertPortFree } from "../../runtime/ports.ts";
import { ManagedProcess } from "../../runtime/process.ts";
import { outputTail, runToCompletion } from "../../runtime/run-command.ts";
import { waitForLogLine } from "../../runtime/wait.ts";
import type { Run } from "../restartable.ts";
import { classDataSharing } from "../../runtime/class-data-sharing.ts";
import { jvmArgs, type KraftNode } from "./properties.ts";

/** What every node of one cluster shares: the JVM, the jars, and where its files go. */
export interface KafkaPlace {
  java: string;
  classpath: string;
  heap: string;
  log4jFile: string;
  home: string;
  logDir: string;
  /** One node: `kafka`; several: `kafka-<id>`, in process names and log files. */
  single: boolean;
  timeoutMs: number;
  cacheDir: string;
}

/** Formats a node's storage: once, at the first start; a later start finds the log directory as it was left. */
export async function formatNode(place: KafkaPlace, propertiesFile: string, id: string): Promise<void> {
  const format = await runToCompletion(place.java, [
    "-cp",
    place.classpath,
    "kafka.tools.StorageTool",
    ...["format", "-t", id, "-c", propertiesFile, "--ignore-formatted"],
  ]);
  if (format.code !== 0) {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `kafka: formatting storage failed (exit ${format.code}):\n${outputTail(format.output)}`,
      { context: { component: "kafka" } },
    );
  }
}

/** Runs one node on its properties file and waits for `Kafka Server started`. */
export async function runNode(place: KafkaPlace, node: KraftNode, firstRun: boolean): Promise<Run> {
  const name = place.single ? "kafka" : `kafka-${node.nodeId}`;
  if (!firstRun) {
    // Fixed ports must be free again (a kill frees them at once); say so rather than let Kafka fail to bind.
    await assertPortFree(node.brokerPort, node.host, name);
    await assertPortFree(node.controllerPort, node.host, name);
  }
  const sharing = classDataSharing({
    cacheDir: place.cacheDir,
    component: "kafka",
    java: place.java,
    // The archive is made under one set of flags; a single broker and a cluster's nodes have different ones.
    key: [place.classpath, "kafka.Kafka", place.single ? "short-lived" : "start-scripts"],
  });
  const server = await ManagedProcess.spawn({
    name,
    command: place.java,
    args: [
      ...jvmArgs(place.heap, place.log4jFile, place.home, place.single),
      ...sharing.args,
      "-cp",
      place.classpath,
      "kafka.Kafka",
      propertiesFileOf(place, node),
    ],
    logFile: join(place.logDir, `${name}.log`),
    appendLog: !firstRun,
    stopTimeoutMs: 10_000,
  });
  try {
    await waitForLogLine(server, /Kafka Server started/, {
      name: `${name}: Kafka Server started`,
      timeoutMs: place.timeoutMs,
      process: server,
    });
  } catch (error) {
    await server.stop();
    await sharing.exited();
    throw error;
  }
  return {
    stop: () => server.stop().then(() => sharing.exited()),
    kill: () => server.kill().then(() => sharing.exited()),
    alive: () => server.running,
  };
}

export function propertiesFileOf(place: KafkaPlace, node: KraftNode): string {
  return join(place.home, `node-${node.nodeId}`, "server.properties");
}
