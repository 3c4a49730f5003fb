import { GenericContainer, Wait, type StartedNetwork } from "testcontainers";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { projectPath } from "../../paths.ts";
import { pinnedImages } from "../../runtime/images.ts";
import { pollUntil } from "../../runtime/wait.ts";
import { confluentEnvironment, joinStackNetwork, NETWORK_ALIASES } from "../../runtime/container-network.ts";
import { fixedPort, hostPortFor, type FixedPort } from "../../runtime/container-ports.ts";
import { httpProbe, pollReady, startedContainerRun } from "../../runtime/container-run.ts";
import { WORKER_CONVERTERS } from "./connector-config.ts";
import { restartable } from "../restartable.ts";
import type { StartedSink } from "./index.ts";
import { workerNotRunning } from "./worker-stopped.ts";

/** The Connect REST API's port inside the container. */
export const CONNECT_CONTAINER_PORT = 8083;
/** Where the image's plugins are: Confluent's own jars and what `confluent-hub install` added. */
export const CONNECT_PLUGIN_PATH = "/usr/share/java,/usr/share/confluent-hub-components";
/**
 * A fixed name for the built image, kept after the run: the next build then reuses Docker's layer cache instead of
 * downloading the plugin again (Testcontainers' default is a random name, removed at exit).
 */
export const CONNECT_IMAGE_NAME = "pinpipe/kafka-connect-s3:local";

export interface ContainerSinkOptions {
  network: StartedNetwork;
  /** Kafka as containers on the network reach it: `StartedContainerKafka.networkBootstrapServers`. */
  bootstrapServers: string;
  /** The S3 store as the worker reaches it, and the keys it signs with (`StartedContainerS3`). */
  s3: { networkEndpoint: string; accessKeyId: string; secretAccessKey: string };
  /** Worker converters; default MSK Connect's: StringConverter for keys and values. */
  converters?: Record<string, string>;
  /** Connect's offset.flush.interval.ms; Connect's default (60000) when absent. */
  offsetFlushIntervalMs?: number;
  /** The image docker/connect/Dockerfile builds on; default the pinned one. */
  baseImage?: string;
  /** Where the container's output goes. */
  logFile?: string;
  /** The host port of the REST API; 0 or absent picks a free one. Fixed, so that a start in place keeps it. */
  port?: number;
}

export interface SinkContainerSettings {
  buildContext: string;
  buildArgs: Record<string, string>;
  imageName: string;
  alias: string;
  environment: Record<string, string>;
  /** The S3 endpoint written into each connector as `store.url`. */
  storeUrl: string;
  exposedPort: FixedPort;
  /** `GET` answers 200 once the worker's herder serves requests. */
  readyPath: string;
  startupTimeoutMs: number;
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function sinkContainerSettings(
  options: Omit<ContainerSinkOptions, "network" | "logFile"> & { port: number },
): SinkContainerSettings {
  const alias = NETWORK_ALIASES.connect;
  return {
    buildContext: projectPath("docker", "connect"),
    buildArgs: { CONNECT_BASE_IMAGE: options.baseImage ?? pinnedImages().connect },
    imageName: CONNECT_IMAGE_NAME,
    alias,
    environment: {
      ...confluentEnvironment("CONNECT", {
        "bootstrap.servers": options.bootstrapServers,
        "group.id": "pinpipe-connect",
        // Names no `<userId>.*` topics.regex can match, so the connector never reads the worker's own topics.
        "config.storage.topic": "__connect-configs",
        "offset.storage.topic": "__connect-offsets",
        "status.storage.topic": "__connect-status",
        // One broker: Connect's default of 3 could never be met.
        "config.storage.replication.factor": "1",
        "offset.storage.replication.factor": "1",
        "status.storage.replication.factor": "1",
        ...WORKER_CONVERTERS,
        ...options.converters,
        "rest.port": String(CONNECT_CONTAINER_PORT),
        "rest.advertised.host.name": alias,
        "plugin.path": CONNECT_PLUGIN_PATH,
        ...(options.offsetFlushIntervalMs ? { "offset.flush.interval.ms": String(options.offsetFlushIntervalMs) } : {}),
      }),
      // The connector's default credentials chain reads these, as MSK Connect's tasks use the service role.
      AWS_ACCESS_KEY_ID: options.s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: options.s3.secretAccessKey,
    },
    storeUrl: options.s3.networkEndpoint,
    exposedPort: fixedPort("sink", CONNECT_CONTAINER_PORT, options.port),
    readyPath: "/connectors",
    // The plugin scan and joining the worker group take a while on a cold JVM.
    startupTimeoutMs: 180_000,
  };
}

/**
 * A connector config as the real connector needs it here. The TypeScript worker falls back to its worker-level S3
 * endpoint; Confluent's connector has no such setting, so the store's network URL goes into the connector itself,
 * with path-style addressing, since the store has no per-bucket host names. Both replace what the file said.
 */
export function containerConnectorConfig(config: Record<string, string>, storeUrl: string): Record<string, string> {
  return { ...config, "store.url": storeUrl, "s3.path.style.access.enabled": "true" };
}

/** Connect's `PUT /connectors/<name>/config`; retried while the worker answers 409 (a rebalance in progress). */
async function putConnectorConfig(url: string, name: string, config: Record<string, string>): Promise<void> {
  const { status, body } = await pollUntil(
    async () => {
      const response = await fetch(`${url}/connectors/${encodeURIComponent(name)}/config`, {
        method: "PUT",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ ...config, name }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      if (response.status === 409) throw new Error(`409 ${text}`);
      return { status: response.status, body: text };
    },
    { name: `sink: PUT /connectors/${name}/config`, timeoutMs: 60_000, intervalMs: 500 },
  );
  if (status === 200 || status === 201) return;
  let message = body;
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    // Not Connect's JSON error body: keep the text.
  }
  throw new PinpipeError(ErrorCode.StartFailed, `sink: connector ${name} was refused (${status}): ${message}`, {
    context: { component: "sink", connector: name, status },
  });
}

/** Ready again once the REST API answers and lists every connector created through the handle. */
function listsConnectors(url: string, names: ReadonlySet<string>): () => Promise<true> {
  return httpProbe(`${url}/connectors`, 200, (body) => {
    const listed = new Set(JSON.parse(body) as string[]);
    return [...names].every((name) => listed.has(name));
  });
}

/**
 * Confluent's S3 sink in a Kafka Connect container built from docker/connect/, on the stack's network. `start()`
 * after `stop()` or `kill()` starts the same container again on the same host port; the worker reads its connectors
 * back from its config topic and resumes them from the offsets its group committed, and it is ready once it lists
 * every connector created through `createConnector`.
 */
export async function startContainerSink(options: ContainerSinkOptions): Promise<StartedSink> {
  const settings = sinkContainerSettings({ ...options, port: await hostPortFor(options.port) });
  const { logFile } = options;
  const failed = (what: string) => (cause: unknown) => {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `sink: ${what}` + (logFile ? `; the container's output is in ${logFile}` : ""),
      { context: { component: "sink", buildArgs: settings.buildArgs }, cause },
    );
  };
  const image = await GenericContainer.fromDockerfile(settings.buildContext)
    .withBuildArgs(settings.buildArgs)
    .build(settings.imageName, { deleteOnExit: false })
    .catch(failed("building docker/connect failed (it downloads the S3 sink plugin from Confluent Hub)"));
  joinStackNetwork(image, {
    network: options.network,
    alias: settings.alias,
    environment: settings.environment,
    logFile,
  })
    .withExposedPorts(settings.exposedPort)
    .withWaitStrategy(Wait.forHttp(settings.readyPath, CONNECT_CONTAINER_PORT).forStatusCode(200))
    .withStartupTimeout(settings.startupTimeoutMs);
  const container = await image
    .start()
    .catch(failed(`the Connect worker did not start and answer GET ${settings.readyPath} with 200`));
  const host = container.getHost();
  const port = container.getMappedPort(CONNECT_CONTAINER_PORT);
  const url = `http://${host}:${port}`;
  const connectors = new Set<string>();
  const run = await startedContainerRun(container, {
    component: "sink",
    logFile,
    hostPorts: [port],
    ready: pollReady(
      `sink: GET ${settings.readyPath} lists the stack's connectors`,
      settings.startupTimeoutMs,
      listsConnectors(url, connectors),
    ),
  });
  const handle = restartable({ url, host, port }, run.first, run.launch, run.remove);
  return Object.assign(handle, {
    createConnector: async (name: string, config: Record<string, string>): Promise<void> => {
      if (!handle.running) throw workerNotRunning(name);
      await putConnectorConfig(url, name, containerConnectorConfig(config, settings.storeUrl));
      // Waited for at the next start once the worker took it: it is in the worker's config topic.
      connectors.add(name);
    },
  });
}
