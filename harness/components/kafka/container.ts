import { KafkaContainer } from "@testcontainers/kafka";
import type { StartedNetwork } from "testcontainers";
import { pinnedImages } from "../../runtime/images.ts";
import { fixedPort, hostPortFor, type FixedPort } from "../../runtime/container-ports.ts";
import { startedContainerRun } from "../../runtime/container-run.ts";
import { restartable } from "../restartable.ts";
import type { KafkaBroker, StartedKafka } from "./index.ts";
import { waitUntilServing } from "./serving.ts";
import { createTopics } from "./topics.ts";

export interface ContainerKafkaOptions {
  image?: string;
  topics?: readonly string[];
  partitions?: number;
  autoCreateTopics?: boolean;
  /** Joins this Docker network under `alias`, so that other containers reach the broker at `<alias>:9092`. */
  network?: { network: StartedNetwork; alias: string };
  /** The host port of the clients' listener; 0 or absent picks a free one. Fixed: the broker advertises it. */
  port?: number;
}

/** The port Testcontainers' Kafka module listens on for clients on the host. */
export const KAFKA_HOST_PORT = 9093;

export interface KafkaContainerSettings {
  image: string;
  environment: Record<string, string>;
  /** The clients' listener, bound to the host port it advertises. */
  exposedPort: FixedPort;
  /** How long a start in place may take to lead its topics again (the first start has the module's own wait). */
  startupTimeoutMs: number;
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function kafkaContainerSettings(options: ContainerKafkaOptions & { port: number }): KafkaContainerSettings {
  return {
    image: options.image ?? pinnedImages().kafka,
    environment: {
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: String(options.autoCreateTopics ?? false),
      KAFKA_NUM_PARTITIONS: String(options.partitions ?? 1),
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    },
    exposedPort: fixedPort("kafka", KAFKA_HOST_PORT, options.port),
    startupTimeoutMs: 180_000,
  };
}

/**
 * The module binds 9093 to a random host port again while it creates the container (after any builder call), and
 * writes the mapped port into the listener the broker advertises. Binding the fixed port last keeps both stable,
 * so the start script it leaves in the container stays right for every start in place.
 */
class FixedPortKafkaContainer extends KafkaContainer {
  readonly #port: FixedPort;

  constructor(image: string, port: FixedPort) {
    super(image);
    this.#port = port;
    this.withExposedPorts(port);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    await super.beforeContainerCreated();
    this.withExposedPorts(this.#port);
  }
}

/** The container as Testcontainers' Kafka module creates it, not yet started. */
export function kafkaContainerBuilder(
  settings: KafkaContainerSettings,
  network?: ContainerKafkaOptions["network"],
): KafkaContainer {
  const builder = new FixedPortKafkaContainer(settings.image, settings.exposedPort)
    .withKraft()
    .withEnvironment(settings.environment);
  // The module advertises BROKER://<container hostname>:9092; naming the host after the alias keeps that resolvable.
  if (network) builder.withNetwork(network.network).withNetworkAliases(network.alias).withHostname(network.alias);
  return builder;
}

/**
 * Confluent's Kafka image in KRaft mode (Testcontainers), for machines with a Docker engine. One node, which is the
 * container: the broker's handle and the cluster's stop, kill and start the same container. `start()` starts it
 * again on the same host port and data volume, and is ready once it leads the topics created at the first start
 * and has loaded its groups' offsets, as the native runtime's broker is.
 */
export async function startContainerKafka(options: ContainerKafkaOptions = {}): Promise<StartedKafka> {
  const settings = kafkaContainerSettings({ ...options, port: await hostPortFor(options.port) });
  const container = await kafkaContainerBuilder(settings, options.network).start();
  const host = container.getHost();
  const port = container.getMappedPort(KAFKA_HOST_PORT);
  const bootstrapServers = `${host}:${port}`;
  const topics = [...(options.topics ?? [])];
  const run = await startedContainerRun(container, {
    component: "kafka",
    hostPorts: [port],
    ready: () => waitUntilServing(bootstrapServers, topics, settings.startupTimeoutMs),
  });
  try {
    if (topics.length > 0) {
      await createTopics({ bootstrapServers, topics, partitions: options.partitions ?? 1, replicationFactor: 1 });
    }
  } catch (error) {
    await run.remove();
    throw error;
  }
  const broker: KafkaBroker & AsyncDisposable = restartable(
    { nodeId: 1, host, port },
    run.first,
    run.launch,
    run.remove,
  );
  const handle = {
    bootstrapServers,
    topics,
    brokers: [broker],
    start: broker.start,
    stop: broker.stop,
    kill: broker.kill,
    [Symbol.asyncDispose]: broker[Symbol.asyncDispose],
  };
  Object.defineProperty(handle, "running", { get: () => broker.running, enumerable: true });
  return handle as typeof handle & { readonly running: boolean };
}
