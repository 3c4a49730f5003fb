import { STATUS_CODES, createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { formatAccessLog } from "./access-log.ts";
import type { GatewayFaults } from "./faults.ts";
import { resolveFaults } from "./faults.ts";
import { MAX_REQUEST_BYTES, gatewayError } from "./gateway-errors.ts";
import type { GatewayExchange, GatewayHandler, GatewayRequest, GatewayResponse } from "./handler.ts";
import { createGatewayHandler } from "./handler.ts";
import { leadingHeaders } from "./headers.ts";
import { apigwId, requestId } from "./ids.ts";
import type { ConnectRoute } from "./connect-via.ts";
import type { IntegrationClient } from "./integration.ts";
import { createIntegrationClient } from "./integration.ts";
import type { LineSink } from "./line-file.ts";
import type { GatewaySetup, ResolvedSetup } from "./setup.ts";
import { resolveSetup } from "./setup.ts";

export interface GatewayServerOptions extends GatewaySetup {
  accessLog?: LineSink;
  journal?: LineSink;
  /** Defaults to an undici keep-alive pool; specs may pass their own. */
  integration?: IntegrationClient;
  /** For the default pool: integration addresses whose connections go elsewhere (a network-fault proxy). */
  connectVia?: ConnectRoute[];
  now?: () => number;
}

/** The gateway's HTTP server, not listening yet, and the pieces specs drive directly. */
export interface GatewayServer {
  server: Server;
  setup: ResolvedSetup;
  handler: GatewayHandler;
  /** Handles one buffered request and writes its log records, as the server does. */
  handle(request: GatewayRequest): Promise<GatewayExchange>;
  /** Closes the integration pool and the log files; the listener is the caller's. */
  close(): Promise<void>;
  /** Drops integration connections at once. */
  destroy(): Promise<void>;
  /** Resolves once no client request is being handled. */
  idle(): Promise<void>;
  /** Resolves once every exchange handled so far is in the access log and the journal. */
  flushLogs(): Promise<void>;
  /** Switches run-time faults (checked first; a refused set changes nothing); `{}` or `"off"` restores the setup. */
  setFaults(faults: GatewayFaults | "off"): void;
  /** Pending fault delays end now and later calls get none: a stop must not wait them out. */
  endFaultDelays(): void;
}

// Past the limit the body is read and thrown away so the client can finish sending and read the 413; a client
// that keeps going far beyond it is cut off instead of being read forever.
const DRAIN_LIMIT_BYTES = 4 * MAX_REQUEST_BYTES;

interface ReadBody {
  body: Buffer;
  tooLarge: boolean;
  /** The rest was not read, so the connection cannot be reused. */
  abandoned: boolean;
}

function readBody(request: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(request.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      if (size > DRAIN_LIMIT_BYTES) {
        request.pause();
        resolve({ body: Buffer.alloc(0), tooLarge: true, abandoned: true });
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    request.on("end", () => {
      resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks, size), tooLarge, abandoned: false });
    });
    request.on("error", reject);
  });
}

export function sourceIpOf(address: string | undefined): string {
  if (address === undefined) return "-";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

function flatten(response: GatewayResponse): string[] {
  const flat: string[] = [];
  for (const [name, value] of response.headers) flat.push(name, value);
  return flat;
}

/** A last-resort 500 when a backend header cannot be written as HTTP (the client still gets an AWS-shaped answer). */
function internalError(keepAlive: boolean): GatewayResponse {
  const error = gatewayError("API_CONFIGURATION_ERROR");
  return {
    status: error.status,
    body: error.body,
    headers: [
      ...leadingHeaders({
        date: new Date().toUTCString(),
        contentType: error.contentType,
        contentLength: error.body.length,
        keepAlive,
        requestId: requestId(undefined),
      }),
      ["x-amzn-ErrorType", error.errorType ?? ""],
      ["x-amz-apigw-id", apigwId()],
    ],
  };
}

function writeResponse(res: ServerResponse, response: GatewayResponse, keepAlive: boolean): void {
  try {
    res.writeHead(response.status, flatten(response));
  } catch {
    const fallback = internalError(keepAlive);
    res.writeHead(fallback.status, flatten(fallback));
    res.end(fallback.body);
    return;
  }
  res.end(response.body);
}

function writeRawResponse(socket: Duplex, response: GatewayResponse): void {
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ""}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  socket.end(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), response.body]));
}

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const setup = resolveSetup(options);
  const integration = options.integration ?? createIntegrationClient({ connectVia: options.connectVia });
  const handler = createGatewayHandler(setup, {
    integration,
    journal: options.journal !== undefined,
    ...(options.now && { now: options.now }),
  });

  async function handle(request: GatewayRequest): Promise<GatewayExchange> {
    const exchange = await handler.handle(request);
    options.accessLog?.write(formatAccessLog(setup.accessLogFormat, exchange.access));
    if (exchange.journal) options.journal?.write(JSON.stringify(exchange.journal));
    return exchange;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The gateway writes its own Date, so Node must not add a second one.
    res.sendDate = false;
    let read: ReadBody;
    try {
      read = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    const keepAlive = res.shouldKeepAlive && !read.abandoned;
    const exchange = await handle({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      rawHeaders: req.rawHeaders,
      body: read.body,
      bodyTooLarge: read.tooLarge,
      sourceIp: sourceIpOf(req.socket.remoteAddress),
      keepAlive,
    });
    writeResponse(res, exchange.response, keepAlive);
    if (read.abandoned) res.on("finish", () => req.socket.destroy());
  }

  const flushLogs = async (): Promise<void> => {
    await Promise.all([options.accessLog?.flush(), options.journal?.flush()]);
  };

  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    inFlight -= 1;
    if (inFlight > 0) return;
    // Log lines wait to be written together while calls keep coming; once none is left, they go out now, so a
    // reader who got its answer finds the exchange in the journal. A write failure is reported by close().
    flushLogs().catch(() => undefined);
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  const server = createServer();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    serve(req, res)
      .catch(() => {
        if (!res.headersSent) writeResponse(res, internalError(false), false);
        else res.destroy();
      })
      .finally(settle);
  });
  // CONNECT never reaches a "request" listener; it still gets the gateway's answer for an unknown method.
  server.on("connect", (req: IncomingMessage, socket: Duplex) => {
    handle({
      method: req.method ?? "CONNECT",
      url: req.url ?? "/",
      rawHeaders: req.rawHeaders,
      body: Buffer.alloc(0),
      sourceIp: sourceIpOf(req.socket.remoteAddress),
      keepAlive: false,
    }).then(
      (exchange) => writeRawResponse(socket, exchange.response),
      () => socket.destroy(),
    );
  });

  // close() and destroy() may both run (a kill during a stop); whichever comes first does the work.
  let released: Promise<void> | undefined;
  const release = (pool: () => Promise<void>): Promise<void> => {
    released ??= (async () => {
      await pool();
      await Promise.all([options.accessLog?.close(), options.journal?.close()]);
    })();
    return released;
  };

  return {
    server,
    setup,
    handler,
    handle,
    flushLogs,
    setFaults: (faults) => handler.setFaults(resolveFaults(faults)),
    endFaultDelays: () => handler.endFaultDelays(),
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    close: () => release(() => integration.close()),
    destroy: () => {
      // Also cuts a pool that a graceful close is still waiting on.
      const forced = integration.destroy().catch(() => undefined);
      return release(() => forced);
    },
  };
}
