import type { StartedNetwork } from "testcontainers";
import { NETWORK_ALIASES } from "../../runtime/container-network.ts";
import { startContainerKafka, type ContainerKafkaOptions } from "./container.ts";
import type { StartedKafka } from "./index.ts";

/** The listener Testcontainers' Kafka module opens for containers on a network (`BROKER`, plaintext). */
export const KAFKA_NETWORK_PORT = 9092;

/** Kafka as the other containers on the network see it. */
export function networkBootstrapServers(alias: string = NETWORK_ALIASES.kafka): string {
  return `${alias}:${KAFKA_NETWORK_PORT}`;
}

export interface StartedContainerKafka extends StartedKafka {
  /** `kafka:9092`: the bootstrap servers for containers on the network (the handle's own are for the host). */
  networkBootstrapServers: string;
}

/** Kafka in a container that also answers the other containers of the stack, on `network`. */
export async function startContainerKafkaOnNetwork(
  network: StartedNetwork,
  options: Omit<ContainerKafkaOptions, "network"> = {},
): Promise<StartedContainerKafka> {
  const alias = NETWORK_ALIASES.kafka;
  const kafka = await startContainerKafka({ ...options, network: { network, alias } });
  return Object.assign(kafka, { networkBootstrapServers: networkBootstrapServers(alias) });
}
