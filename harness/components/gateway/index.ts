import { join } from "node:path";
import { config } from "../../config.ts";
import { listenOn } from "../../runtime/ports.ts";
import type { ConnectRoute } from "./connect-via.ts";
import type { LineSink } from "./line-file.ts";
import { openLineFile } from "./line-file.ts";
import type { GatewayFaults } from "./faults.ts";
import { createGatewayServer } from "./server.ts";
import type { GatewaySetup } from "./setup.ts";
import { gatewayLogFiles } from "./log-files.ts";

export type { GatewayServer, GatewayServerOptions } from "./server.ts";
export type { GatewayFaults } from "./faults.ts";
export type { GatewayExchange, GatewayRequest, GatewayResponse } from "./handler.ts";
export type { JournalBody, JournalEntry, JournalFault } from "./journal.ts";
export { readJournal } from "./journal.ts";
export type {
  AccessLogFormat,
  ApiKeySetup,
  CorsSetup,
  GatewaySetup,
  HttpProxyIntegration,
  Integration,
  MethodSetup,
  MockIntegration,
  ResourceSetup,
  ThrottleSetup,
} from "./setup.ts";
export { checkStageName } from "./setup.ts";

export interface GatewayOptions extends GatewaySetup {
  /** Listener address, 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Access log in API Gateway's format; default `<state dir>/logs/gateway-access.log`, `false` for none. */
  accessLogFile?: string | false;
  /** JSONL journal of every exchange; default `<state dir>/logs/gateway-journal.jsonl`, `false` for none. */
  journalFile?: string | false;
  /** Integration addresses whose connections go through another address (the stack's gateway->rest-proxy link). */
  connectVia?: ConnectRoute[];
}

export interface StartedGateway {
  /** `http://127.0.0.1:<port>/<stage>`. */
  invokeUrl: string;
  host: string;
  port: number;
  apiId: string;
  stage: string;
  accessLogFile?: string;
  journalFile?: string;
  /**
   * Resolves once every exchange answered so far is written to the access log and the journal. A property, not a
   * method, so that it can be handed around unbound (e.g. to an `AckCounter`).
   */
  flushLogs: () => Promise<void>;
  /**
   * Resolves once no call is in flight and every exchange is in the access log and the journal: what a check
   * waits for after the client stopped, since a call the client gave up on still reaches the integration (and
   * Kafka) and is journaled when it is answered.
   */
  settle(): Promise<void>;
  /**
   * Switches faults at run time, answered as API Gateway answers them: added latency (with jitter), a share of
   * calls failed by the gateway itself (500), replaced throttling (429) and a replaced integration timeout (504).
   * Each call replaces the whole set; `{}` or `"off"` restores the start-up setup. Invalid faults are refused with
   * PINPIPE_INVALID_OPTION and change nothing.
   */
  setFaults(faults: GatewayFaults | "off"): Promise<void>;
  /** Stops accepting, lets in-flight calls finish, closes the pool and the files. Idempotent. */
  stop(): Promise<void>;
  /** Drops every connection at once, for fault specs. */
  kill(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function sinkFor(path: string | false | undefined, fallback: string): { path?: string; sink?: LineSink } {
  if (path === false) return {};
  const resolved = path ?? fallback;
  return { path: resolved, sink: openLineFile(resolved) };
}

export async function startGateway(options: GatewayOptions): Promise<StartedGateway> {
  const host = options.host ?? "127.0.0.1";
  const logs = join(config().stateDir, "logs");
  const access = sinkFor(options.accessLogFile, gatewayLogFiles(logs).accessLogFile);
  const journal = sinkFor(options.journalFile, gatewayLogFiles(logs).journalFile);
  const gateway = createGatewayServer({
    ...options,
    ...(access.sink && { accessLog: access.sink }),
    ...(journal.sink && { journal: journal.sink }),
  });
  const { server } = gateway;

  let port: number;
  try {
    port = await listenOn(server, options.port ?? 0, host, "gateway");
  } catch (error) {
    await gateway.destroy();
    throw error;
  }

  const urlHost = host.includes(":") ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      gateway.endFaultDelays();
      // In-flight calls finish; a connection that never sent a request must not hold the stop up.
      await gateway.idle();
      server.closeAllConnections();
      await closed;
      await gateway.close();
    })();
    return stopping;
  };
  const kill = async (): Promise<void> => {
    // Even during a graceful stop, kill cuts every client and integration connection now.
    server.closeAllConnections();
    await gateway.destroy().catch(() => undefined);
    await stop();
  };

  return {
    invokeUrl: `http://${urlHost}:${port}/${gateway.setup.stage}`,
    host,
    port,
    apiId: gateway.setup.apiId,
    stage: gateway.setup.stage,
    ...(access.path !== undefined && { accessLogFile: access.path }),
    ...(journal.path !== undefined && { journalFile: journal.path }),
    flushLogs: () => gateway.flushLogs(),
    settle: async () => {
      await gateway.idle();
      await gateway.flushLogs();
    },
    setFaults: async (faults) => gateway.setFaults(faults),
    stop,
    kill,
    [Symbol.asyncDispose]: stop,
  };
}
