import type { StartedServer } from "../types.ts";
import { listenOn } from "../../runtime/ports.ts";
import { fileLogger, silentLogger, type Logger } from "./log.ts";
import { createRestProxyServer } from "./server.ts";
import { resolveSettings } from "./settings.ts";
import { brokerRoute, routeTable, type BrokerRoutes } from "../../faults/net/index.ts";

export { createRestProxyServer } from "./server.ts";
export type { ProxyRequest, ProxyResponse, RestProxyServer } from "./server.ts";
export { resolveSettings, type RestProxySettings } from "./settings.ts";
export { openRestProxyThread, startRestProxy, type RestProxyThreadOptions } from "./thread.ts";

export interface RestProxyOptions {
  bootstrapServers: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8082; 0 picks a free port. */
  port?: number;
  /** Extra `kafka-rest.properties` keys (`bootstrap.servers` and `listeners` are set from the options). */
  properties?: Record<string, string>;
  logFile?: string;
  /** A logger to use instead of `logFile` (the command prints to stdout). */
  logger?: Logger;
  /**
   * Where to connect instead of each broker's own address: the stack's network-fault proxies. Plain data, so it
   * crosses to the proxy's thread.
   */
  kafkaRoutes?: BrokerRoutes;
}

export type StartedRestProxy = StartedServer;

/** The proxy serving in the thread that started it: it can stop, but only ending its thread crashes it. */
export type RestProxyListener = Pick<StartedRestProxy, "url" | "host" | "port" | "stop">;

export const READY_LINE = "Server started, listening for requests...";

/**
 * Serves the proxy in this thread; resolves once it accepts connections (after the ready line is logged).
 * `startRestProxy` runs it on a thread of its own, which is what lets `kill()` crash it.
 */
export async function serveRestProxy(options: RestProxyOptions): Promise<RestProxyListener> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8082;
  const logger = options.logger ?? (options.logFile ? fileLogger(options.logFile) : silentLogger);
  const settings = resolveSettings({
    ...options.properties,
    "bootstrap.servers": options.bootstrapServers,
    listeners: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
  });
  const proxy = createRestProxyServer(settings, {
    logger,
    ...(options.kafkaRoutes && { socketFactory: brokerRoute(routeTable(options.kafkaRoutes)) }),
  });
  const { server } = proxy;
  let bound: number;
  try {
    bound = await listenOn(server, port, host, "rest-proxy");
  } catch (error) {
    await proxy.close();
    await logger.close();
    throw error;
  }
  logger.log("INFO", READY_LINE, "io.confluent.kafkarest.KafkaRestMain");

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await proxy.close();
      server.closeAllConnections();
      await closed;
      await logger.close();
    })();
    return stopping;
  };
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  return { url, host, port: bound, stop };
}
