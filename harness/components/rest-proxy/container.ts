import { GenericContainer, Wait, type StartedNetwork } from "testcontainers";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { pinnedImages } from "../../runtime/images.ts";
import { confluentEnvironment, joinStackNetwork, NETWORK_ALIASES } from "../../runtime/container-network.ts";
import { fixedPort, hostPortFor, type FixedPort } from "../../runtime/container-ports.ts";
import { httpProbe, pollReady, startedContainerRun } from "../../runtime/container-run.ts";
import { restartable } from "../restartable.ts";
import { READY_LINE, type StartedRestProxy } from "./index.ts";

/** The port the proxy listens on inside its container. */
export const REST_PROXY_CONTAINER_PORT = 8082;

export interface ContainerRestProxyOptions {
  network: StartedNetwork;
  /** Kafka as containers on the network reach it: `StartedContainerKafka.networkBootstrapServers`. */
  bootstrapServers: string;
  /**
   * The port on the host: 8082 as on the course's EC2 client; 0 or absent picks a free one. Fixed, so that a start
   * in place keeps it.
   */
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
  /** The container port, bound to the host port chosen before the start. */
  exposedPort: FixedPort;
  readyLogLine: string;
  startupTimeoutMs: number;
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function restProxyContainerSettings(
  options: Omit<ContainerRestProxyOptions, "network" | "logFile"> & { port: number },
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
    exposedPort: fixedPort("rest-proxy", REST_PROXY_CONTAINER_PORT, options.port),
    readyLogLine: READY_LINE,
    // The image first waits up to 40 s for a broker (`cub kafka-ready`), then starts the JVM.
    startupTimeoutMs: 120_000,
  };
}

/**
 * Confluent's own REST Proxy 7.2, in a container on the stack's network: the reference the TypeScript proxy matches.
 * `start()` after `stop()` or `kill()` starts the same container again on the same host port; it is ready once it
 * answers HTTP again. What it held in memory (consumer instances) is gone, as after a real restart.
 */
export async function startContainerRestProxy(options: ContainerRestProxyOptions): Promise<StartedRestProxy> {
  const settings = restProxyContainerSettings({ ...options, port: await hostPortFor(options.port) });
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
  const url = `http://${host}:${port}`;
  const run = await startedContainerRun(container, {
    component: "rest-proxy",
    logFile,
    hostPorts: [port],
    // The log line the first start waits for is logged once Jetty serves; its root resource then answers 200.
    ready: pollReady("rest-proxy: GET / answers 200", settings.startupTimeoutMs, httpProbe(`${url}/`, 200)),
  });
  return restartable({ url, host, port }, run.first, run.launch, run.remove);
}
