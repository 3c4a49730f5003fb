import type { StartedComponent } from "../types.ts";

export interface KafkaBroker {
  nodeId: number;
  host: string;
  port: number;
  /** Hard kill of this one node: for partition and failover specs. */
  kill(): Promise<void>;
}

export interface StartedKafka extends StartedComponent {
  /** `host:port,host:port` as clients take it. */
  bootstrapServers: string;
  brokers: KafkaBroker[];
  /** The topics created at start. */
  topics: string[];
}

export { startNativeKafka, type NativeKafkaOptions } from "./native.ts";
export type { TopicRequest } from "./topics.ts";
