import { createWriteStream } from "node:fs";
import { Network, type GenericContainer, type StartedNetwork } from "testcontainers";

/**
 * Plumbing every container of the container runtime shares: the stack's Docker network, its aliases, the
 * environment Confluent's images read.
 */

/**
 * The names the container runtime's components have on their shared Docker network. Containers reach each other
 * by these names; the host reaches them through mapped ports instead.
 */
export const NETWORK_ALIASES = {
  kafka: "kafka",
  restProxy: "rest-proxy",
  s3: "s3",
  connect: "connect",
} as const;

/**
 * Confluent's images turn `<PREFIX>_<NAME>` variables into properties: `_` is a dot, `__` an underscore and
 * `___` a dash (confluent-docker-utils `env_to_props`). This is the inverse, so settings can be written as keys.
 */
export function confluentEnvironment(prefix: string, properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      `${prefix}_${key.replaceAll("_", "__").replaceAll("-", "___").replaceAll(".", "_").toUpperCase()}`,
      value,
    ]),
  );
}

/** A container's place on the stack's network, and where its output goes. */
export interface NetworkPlacement {
  network: StartedNetwork;
  alias: string;
  environment: Record<string, string>;
  /** Appended to, when given: the container's stdout and stderr. */
  logFile?: string | undefined;
}

/** Puts a container on the stack's network under its alias, with its environment, logging to `logFile`. */
export function joinStackNetwork<T extends GenericContainer>(container: T, placement: NetworkPlacement): T {
  container.withNetwork(placement.network).withNetworkAliases(placement.alias).withEnvironment(placement.environment);
  const { logFile } = placement;
  if (logFile) container.withLogConsumer((stream) => stream.pipe(createWriteStream(logFile, { flags: "a" })));
  return container;
}

/** The network every container of one stack joins; stop it after all of them have stopped. */
export function startContainerNetwork(): Promise<StartedNetwork> {
  return new Network().start();
}
