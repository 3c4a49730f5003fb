import { KafkaContainer } from "@testcontainers/kafka";
import type { StartedNetwork } from "testcontainers";
import { GRACEFUL_STOP_MS, pinnedImages } from "../../runtime/images.ts";
import { startOnce } from "../restartable.ts";
import type { StartedKafka } from "./index.ts";
import { createTopics } from "./topics.ts";

export interface ContainerKafkaOptions {
  image?: string;
  topics?: readonly string[];
  partitions?: number;
  autoCreateTopics?: boolean;
  /** Joins this Docker network under `alias`, so that other containers reach the broker at `<alias>:9092`. */
  network?: { network: StartedNetwork; alias: string };
}

/** The port Testcontainers' Kafka module listens on for clients on the host. */
export const KAFKA_HOST_PORT = 9093;

export interface KafkaContainerSettings {
  image: string;
  environment: Record<string, string>;
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function kafkaContainerSettings(options: ContainerKafkaOptions = {}): KafkaContainerSettings {
  return {
    image: options.image ?? pinnedImages().kafka,
    environment: {
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: String(options.autoCreateTopics ?? false),
      KAFKA_NUM_PARTITIONS: String(options.partitions ?? 1),
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    },
  };
}

/** Confluent's Kafka image in KRaft mode (Testcontainers), for machines with a Docker engine. */
export async function startContainerKafka(options: ContainerKafkaOptions = {}): Promise<StartedKafka> {
  const settings = kafkaContainerSettings(options);
  const builder = new KafkaContainer(settings.image).withKraft().withEnvironment(settings.environment);
  // The module advertises BROKER://<container hostname>:9092; naming the host after the alias keeps that resolvable.
  if (options.network) {
    const { network, alias } = options.network;
    builder.withNetwork(network).withNetworkAliases(alias).withHostname(alias);
  }
  const container = await builder.start();
  const host = container.getHost();
  const port = container.getMappedPort(KAFKA_HOST_PORT);
  const bootstrapServers = `${host}:${port}`;
  const run = {
    stop: async () => {
      await container.stop({ timeout: GRACEFUL_STOP_MS });
    },
    kill: async () => {
      await container.stop({ timeout: 0 });
    },
  };
  try {
    const topics = [...(options.topics ?? [])];
    if (topics.length > 0) {
      await createTopics({ bootstrapServers, topics, partitions: options.partitions ?? 1, replicationFactor: 1 });
    }
    // The one node is the container: the broker's handle and the cluster's end the same run.
    const broker = startOnce("kafka", { nodeId: 1, host, port }, run);
    return startOnce(
      "kafka",
      { bootstrapServers, topics, brokers: [broker] },
      { stop: broker.stop, kill: broker.kill, alive: () => broker.running },
    );
  } catch (error) {
    await run.stop();
    throw error;
  }
}
