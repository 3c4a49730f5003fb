import type { Restartable, StartedComponent } from "../types.ts";

/**
 * One node of the cluster. `kill()` is a hard kill of this node only, for partition and failover specs; `start()`
 * runs it again on its ports and log directory, and is ready once it has rejoined (a node cannot become ready
 * while a majority of the controller quorum is down).
 */
export interface KafkaBroker extends Restartable {
  nodeId: number;
  host: string;
  port: number;
}

/** The cluster: `running` while every node runs; `start()` starts the nodes that do not, `stop()`/`kill()` all. */
export interface StartedKafka extends StartedComponent {
  /** `host:port,host:port` as clients take it. */
  bootstrapServers: string;
  brokers: KafkaBroker[];
  /** The topics created at start. */
  topics: string[];
}

export { startNativeKafka, type NativeKafkaOptions } from "./native.ts";
export type { TopicRequest } from "./topics.ts";
