import { readFileSync } from "node:fs";
import type { StartedServer } from "../types.ts";
import { listenOn } from "../../runtime/ports.ts";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { projectPath } from "../../paths.ts";
import { instantiate, parseConnectorDefinition } from "./connector-file.ts";
import { ConnectRestError, Herder } from "./herder.ts";
import { fileSinkLogger, silentSinkLogger, type SinkLogger } from "./log.ts";
import { createConnectServer } from "./rest/server.ts";
import { brokerRoute, routeTable, type BrokerRoutes } from "../../faults/net/index.ts";

export { createConnectServer, type ConnectServer, type ConnectRequest, type ConnectResponse } from "./rest/server.ts";
export { Herder } from "./herder.ts";
export { openSinkThread, startSink } from "./thread.ts";
export type { ConnectorDefinition } from "./connector-file.ts";

export interface SinkOptions {
  bootstrapServers: string;
  /** The worker's S3 settings: what a connector without `store.url`/`aws.*` keys uses (MSK's service role). */
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  host?: string;
  /** 0 = a free port; default 8083. */
  port?: number;
  logFile?: string;
  /** A logger to use instead of `logFile` (the command prints to stdout). */
  logger?: SinkLogger;
  /** Worker converters; MSK Connect's default is StringConverter for keys and values. */
  converters?: Record<string, string>;
  /** Connect's offset.flush.interval.ms: how often idle partitions get an empty put. Default 60000. */
  offsetFlushIntervalMs?: number;
  /** The tasks' consumer `metadata.max.age.ms`: how soon a new topic matching `topics.regex` is consumed. */
  metadataMaxAgeMs?: number;
  /** Where to connect instead of each broker's own address: the stack's network-fault proxies. */
  kafkaRoutes?: BrokerRoutes;
}

export interface StartedSink extends StartedServer {
  /** Creates (or updates) a connector through the worker, as `PUT /connectors/<name>/config` would. */
  createConnector(name: string, config: Record<string, string>): Promise<void>;
}

/** The worker in the thread that runs it: it can stop, but only ending its thread or process crashes it. */
export type SinkWorker = Pick<
  StartedSink,
  "url" | "host" | "port" | "createConnector" | "stop" | typeof Symbol.asyncDispose
>;

export const READY_LINE = "Kafka Connect started";

/**
 * Starts the Connect worker (herder + REST API) in this thread. `startSink` runs it on a thread of its own, which
 * is what lets `kill()` crash it; `pinpipe connect` runs it here, in a process of its own.
 */
export async function startSinkWorker(options: SinkOptions): Promise<SinkWorker> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8083;
  const logger = options.logger ?? (options.logFile ? fileSinkLogger(options.logFile) : silentSinkLogger);
  const herder = new Herder({
    bootstrapServers: options.bootstrapServers,
    s3: options.s3,
    logger,
    ...(options.converters ? { converters: options.converters } : {}),
    ...(options.offsetFlushIntervalMs ? { idlePutIntervalMs: options.offsetFlushIntervalMs } : {}),
    ...(options.metadataMaxAgeMs ? { metadataMaxAgeMs: options.metadataMaxAgeMs } : {}),
    ...(options.kafkaRoutes && { socketFactory: brokerRoute(routeTable(options.kafkaRoutes)) }),
  });
  const { server } = createConnectServer(herder);
  let bound: number;
  try {
    bound = await listenOn(server, port, host, "sink");
  } catch (error) {
    await logger.close();
    throw error;
  }
  herder.workerId = `${host}:${bound}`;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  logger.info(`Kafka Connect started (org.apache.kafka.connect.runtime.Connect)`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await herder.close();
      await closed;
      await logger.close();
    })();
    return stopping;
  };

  return {
    url,
    host,
    port: bound,
    async createConnector(name, config) {
      try {
        await herder.put(name, { ...config, name }, true);
      } catch (error) {
        if (error instanceof ConnectRestError) {
          throw new PinpipeError(ErrorCode.StartFailed, `sink: connector ${name} was refused: ${error.message}`, {
            context: { component: "sink", connector: name },
            cause: error,
          });
        }
        throw error;
      }
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** The connector the Pinterest course has users create on MSK Connect, for this user and bucket. */
export function pinterestConnectorConfig(
  userId: string,
  bucket: string,
): { name: string; config: Record<string, string> } {
  const file = projectPath("fixtures", "connectors", "pinterest-msk.json");
  const def = parseConnectorDefinition(readFileSync(file, "utf8"), file);
  return instantiate(def, { userId, bucket });
}
