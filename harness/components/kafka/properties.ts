import { SHORT_LIVED_JVM_FLAGS } from "../../runtime/jvm-flags.ts";

/** One node of a KRaft cluster in which every node is both broker and controller. */
export interface KraftNode {
  nodeId: number;
  host: string;
  brokerPort: number;
  controllerPort: number;
  logDir: string;
}

export interface BrokerSettings {
  /** Off by default, as on MSK: a typo in a topic name must fail, not create a topic. */
  autoCreateTopics: boolean;
  defaultPartitions: number;
  /** Internal topics' replication factor: at most the number of live brokers, or the group coordinator never loads. */
  internalReplicationFactor: number;
  /** Extra `server.properties` entries, applied last. */
  overrides?: Record<string, string>;
}

export function quorumVoters(nodes: readonly KraftNode[]): string {
  return nodes.map((n) => `${n.nodeId}@${n.host}:${n.controllerPort}`).join(",");
}

export function serverProperties(node: KraftNode, nodes: readonly KraftNode[], settings: BrokerSettings): string {
  const entries: Record<string, string> = {
    "process.roles": "broker,controller",
    "node.id": String(node.nodeId),
    "controller.quorum.voters": quorumVoters(nodes),
    listeners: `PLAINTEXT://${node.host}:${node.brokerPort},CONTROLLER://${node.host}:${node.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://${node.host}:${node.brokerPort}`,
    "inter.broker.listener.name": "PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "log.dirs": node.logDir,
    "num.partitions": String(settings.defaultPartitions),
    "auto.create.topics.enable": String(settings.autoCreateTopics),
    "offsets.topic.replication.factor": String(settings.internalReplicationFactor),
    "offsets.topic.num.partitions": "1",
    "transaction.state.log.replication.factor": String(settings.internalReplicationFactor),
    "transaction.state.log.min.isr": "1",
    "min.insync.replicas": "1",
    // The default 3 s delay would hold back every consumer group's first join.
    "group.initial.rebalance.delay.ms": "0",
    ...settings.overrides,
  };
  return Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")
    .concat("\n");
}

/** log4j 1.x settings: everything to stdout, which the supervisor writes to the component's log file. */
export const LOG4J_PROPERTIES = [
  "log4j.rootLogger=INFO, stdout",
  "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
  "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
  "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
  "log4j.logger.kafka.log.LogCleaner=WARN",
  "log4j.logger.org.apache.kafka.storage=WARN",
  "log4j.logger.kafka.request.logger=WARN",
  "",
].join("\n");

/** The flags of Kafka's start scripts (`kafka-run-class.sh`), for a long-running broker. */
const START_SCRIPT_FLAGS = [
  "-server",
  "-XX:+UseG1GC",
  "-XX:MaxGCPauseMillis=20",
  "-XX:InitiatingHeapOccupancyPercent=35",
  "-XX:+ExplicitGCInvokesConcurrent",
  "-XX:MaxInlineLevel=15",
];

/**
 * A single broker, as every `pinpipe run` and stack of the suite starts, runs with the flags of the other short-lived
 * JVMs (runtime/jvm-flags.ts): measured, its CPU for a 9-record run fell from 3.2-4.3 to 2.1-2.6 CPU-seconds, and it
 * was ready no later. A cluster of several nodes keeps the flags of Kafka's own start scripts: with the short-lived
 * flags the three-node broker-restart scenario timed out once in CI waiting for the sink, where with these it had
 * always passed. The cause is not known, and the clusters are what the long fault scenarios start.
 */
export function jvmArgs(heap: string, log4jFile: string, logsDir: string, single: boolean): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    ...(single ? SHORT_LIVED_JVM_FLAGS : START_SCRIPT_FLAGS),
    "-Djava.awt.headless=true",
    `-Dkafka.logs.dir=${logsDir}`,
    `-Dlog4j.configuration=file:${log4jFile}`,
  ];
}
