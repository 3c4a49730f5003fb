import { GenericContainer, Wait, type StartedNetwork } from "testcontainers";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { pinnedImages } from "../../runtime/images.ts";
import {
  confluentEnvironment,
  GRACEFUL_STOP_MS,
  joinStackNetwork,
  NETWORK_ALIASES,
} from "../../runtime/container-network.ts";
import { startOnce } from "../restartable.ts";
import { READY_LINE, type StartedRestProxy } from "./index.ts";

/** The port the proxy listens on inside its container. */
export const REST_PROXY_CONTAINER_PORT = 8082;

export interface ContainerRestProxyOptions {
  network: StartedNetwork;
  /** Kafka as containers on the network reach it: `StartedContainerKafka.networkBootstrapServers`. */
  bootstrapServers: string;
  /** The port on the host: 8082 as on the course's EC2 client; 0 or absent lets Docker pick a free one. */
  port?: number;
  /** Extra `kafka-rest.properties` keys; `bootstrap.servers`, `listeners` and `host.name` are set from the options. */
  properties?: Record<string, string>;
  image?: string;
  /** Where the container's output goes. */
  logFile?: string;
}

export interface RestProxyContainerSettings {
  image: string;
  alias: string;
  environment: Record<string, string>;
  /** The container port, bound to a fixed host port when one was asked for. */
  exposedPort: number | { container: number; host: number };
  readyLogLine: string;
  startupTimeoutMs: number;
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function restProxyContainerSettings(
  options: Omit<ContainerRestProxyOptions, "network" | "logFile">,
): RestProxyContainerSettings {
  const alias = NETWORK_ALIASES.restProxy;
  return {
    image: options.image ?? pinnedImages().restProxy,
    alias,
    environment: confluentEnvironment("KAFKA_REST", {
      ...options.properties,
      "bootstrap.servers": options.bootstrapServers,
      listeners: `http://0.0.0.0:${REST_PROXY_CONTAINER_PORT}`,
      // The image refuses to start without it. It also names the proxy in consumer `base_uri`s (unless
      // `advertised.listeners` is given), so those point at the network name, as on a host behind a load balancer.
      "host.name": alias,
    }),
    exposedPort: options.port
      ? { container: REST_PROXY_CONTAINER_PORT, host: options.port }
      : REST_PROXY_CONTAINER_PORT,
    readyLogLine: READY_LINE,
    // The image first waits up to 40 s for a broker (`cub kafka-ready`), then starts the JVM.
    startupTimeoutMs: 120_000,
  };
}

/** Confluent's own REST Proxy 7.2, in a container on the stack's network: the reference the TypeScript proxy matches. */
export async function startContainerRestProxy(options: ContainerRestProxyOptions): Promise<StartedRestProxy> {
  const settings = restProxyContainerSettings(options);
  const { logFile } = options;
  const builder = joinStackNetwork(new GenericContainer(settings.image), {
    network: options.network,
    alias: settings.alias,
    environment: settings.environment,
    logFile,
  })
    .withExposedPorts(settings.exposedPort)
    .withWaitStrategy(Wait.forLogMessage(settings.readyLogLine))
    .withStartupTimeout(settings.startupTimeoutMs);
  const container = await builder.start().catch((cause: unknown) => {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `rest-proxy: the ${settings.image} container did not start and log "${settings.readyLogLine}"` +
        (logFile ? `; its output is in ${logFile}` : "; run with DEBUG=testcontainers* to see its output"),
      { context: { component: "rest-proxy", image: settings.image }, cause },
    );
  });
  const host = container.getHost();
  const port = container.getMappedPort(REST_PROXY_CONTAINER_PORT);
  return startOnce(
    "rest-proxy",
    { url: `http://${host}:${port}`, host, port },
    {
      stop: async () => {
        await container.stop({ timeout: GRACEFUL_STOP_MS });
      },
      kill: async () => {
        await container.stop({ timeout: 0 });
      },
    },
  );
}
