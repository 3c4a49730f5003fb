import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { KafkaBackend } from "./backend.ts";
import { ConsumerManager } from "./consumers.ts";
import { consumerRoutes } from "./routes-consumers.ts";
import {
  EmptyResponse,
  RestError,
  badRequest,
  internalServerError,
  methodNotAllowed,
  notAcceptable,
  notFound,
  rateLimited,
  unsupportedMediaType,
} from "./errors.ts";
import { acceptsGzip, gzipApplies, jettyGzip, jettyGzipStream, MIN_GZIP_SIZE } from "./jetty-gzip.ts";
import { JsonSyntaxError, parseJson, type JsonValue } from "../../java/jackson-tree.ts";
import { entityParseMessage, entitySource } from "./json-errors.ts";
import { requestLogLine, silentLogger, type Logger } from "./log.ts";
import { bareType } from "../../java/jaxrs/media.ts";
import { JaxRsRouter } from "../../java/jaxrs/router.ts";
import { JSON_TYPE, errorTypeFromAccept } from "./media.ts";
import { RateLimiter } from "./rate-limit.ts";
import type { Reply, RequestContext, Route } from "./router.ts";
import { v2Routes } from "./routes-v2.ts";
import { v3Routes } from "./routes-v3.ts";
import type { RestProxySettings } from "./settings.ts";
import type { ISocketFactory } from "kafkajs";

export interface ProxyRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress?: string;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  stream?: AsyncIterable<string>;
}

export interface RestProxyServerOptions {
  logger?: Logger;
  /** A backend to use instead of one built from the settings (specs). */
  backend?: KafkaBackend;
  /** How the Kafka client opens its broker connections: through the stack's fault proxies, when it has them. */
  socketFactory?: ISocketFactory;
}

export interface RestProxyServer {
  /** Not yet listening. */
  server: Server;
  /** The transport-free core: one request in, one response out. */
  dispatch(request: ProxyRequest): Promise<ProxyResponse>;
  backend: KafkaBackend;
  consumers: ConsumerManager;
  /** Stops consumers and Kafka clients (the HTTP server is closed by its owner). */
  close(): Promise<void>;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

function errorResponse(error: RestError, type: string): ProxyResponse {
  return { status: error.status, headers: { "Content-Type": type }, body: error.body() };
}

function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw badRequest("Invalid UTF-8 start byte");
  }
}

/** Adds a value to `Vary`, after any already there (Jetty's `addCSV`). */
function appendVary(res: ServerResponse, value: string): void {
  const current = res.getHeader("Vary");
  res.setHeader("Vary", current === undefined ? value : `${String(current)}, ${value}`);
}

export function createRestProxyServer(
  settings: RestProxySettings,
  options: RestProxyServerOptions = {},
): RestProxyServer {
  const logger = options.logger ?? silentLogger;
  const backend = options.backend ?? new KafkaBackend(settings, logger, options.socketFactory);
  const consumers = new ConsumerManager(settings, backend, logger);
  const routes: Route[] = [];
  if (settings.apiV2Enabled) routes.push(...v2Routes(backend), ...consumerRoutes(consumers));
  if (settings.apiV3Enabled) routes.push(...v3Routes(backend));
  const allow = new Set(settings.endpointsAllowed);
  const block = new Set(settings.endpointsBlocked);
  const enabled = (r: Route): boolean => {
    const name = r.endpoint ?? "";
    const listed = (set: Set<string>): boolean =>
      [...set].some((p) => (p.endsWith(".*") ? name.startsWith(p.slice(0, -1)) : name === p));
    if (allow.size > 0 && !listed(allow)) return false;
    return !listed(block);
  };
  // A blocked endpoint still matches (so its path never turns into a 405); it answers 404 once matched, as the
  // real proxy's per-method access filter does.
  const router = new JaxRsRouter(
    routes.map((r) =>
      enabled(r)
        ? r
        : {
            ...r,
            handler: async () => {
              throw notFound();
            },
          },
    ),
  );
  const compression = settings.compressionEnabled;
  const limiter = settings.rateLimit.enabled ? new RateLimiter(settings.rateLimit.permitsPerSec) : undefined;

  async function dispatch(request: ProxyRequest): Promise<ProxyResponse> {
    const accept = header(request.headers, "accept");
    const fallbackType = errorTypeFromAccept(accept) ?? JSON_TYPE;
    const url = new URL(request.url, "http://localhost");
    const method = request.method.toUpperCase();

    if (limiter && !limiter.tryAcquire(settings.rateLimit.defaultCost))
      return errorResponse(rateLimited(), fallbackType);

    const selected = router.select({
      method,
      path: url.pathname,
      contentType: header(request.headers, "content-type"),
      accept,
    });
    switch (selected.kind) {
      case "not-found":
        return errorResponse(notFound(), fallbackType);
      case "method-not-allowed": {
        if (method !== "OPTIONS") return errorResponse(methodNotAllowed(), fallbackType);
        const allowed = [...selected.allowed];
        if (allowed.includes("GET")) allowed.push("HEAD");
        return { status: 200, headers: { Allow: [...allowed, "OPTIONS"].join(",") } };
      }
      case "unsupported-media-type":
        return errorResponse(unsupportedMediaType(), fallbackType);
      case "not-acceptable": {
        const t = errorTypeFromAccept(accept, true);
        return t === undefined ? { status: 406, headers: {} } : errorResponse(notAcceptable(), t);
      }
    }
    const type = selected.responseType;
    const contentType = bareType(header(request.headers, "content-type"));

    let parsed: { value: JsonValue | undefined } | undefined;
    const ctx: RequestContext = {
      headers: request.headers,
      method,
      path: url.pathname,
      params: selected.params,
      query: url.searchParams,
      contentType,
      body: request.body,
      responseType: type,
      json() {
        if (!parsed) {
          const text = decodeUtf8(request.body);
          try {
            parsed = { value: parseJson(text, { closeMarkers: true }) };
          } catch (error) {
            if (error instanceof JsonSyntaxError) {
              throw badRequest(entityParseMessage(text, error, entitySource(request.body)));
            }
            throw error;
          }
        }
        return parsed.value;
      },
    };
    let reply: Reply;
    try {
      reply = await selected.route.handler(ctx);
    } catch (error) {
      if (error instanceof RestError) return errorResponse(error, type);
      if (error instanceof EmptyResponse) return { status: error.status, headers: {} };
      logger.log("ERROR", `Unhandled error on ${method} ${url.pathname}: ${(error as Error)?.stack ?? String(error)}`);
      return errorResponse(internalServerError(), type);
    }
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined || reply.stream !== undefined) headers["Content-Type"] = reply.type ?? type;
    const response: ProxyResponse = { status: reply.status, headers };
    if (method !== "HEAD") {
      if (reply.body !== undefined) response.body = reply.body;
      if (reply.stream !== undefined) response.stream = reply.stream;
    }
    return response;
  }

  function corsHeaders(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    const allowed = settings.cors.allowOrigin;
    if (allowed === "" || origin === undefined) return false;
    const origins = allowed.split(",").map((s) => s.trim());
    if (!origins.includes("*") && !origins.includes(origin)) return false;
    res.setHeader("Access-Control-Allow-Origin", origin);
    // Jetty's CrossOriginFilter marks answers that depend on the Origin (any origin allowed: they don't).
    if (!origins.includes("*")) res.setHeader("Vary", "Origin");
    res.setHeader("Access-Control-Allow-Credentials", "true");
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (!preflight) return false;
    res.setHeader("Access-Control-Allow-Methods", settings.cors.allowMethods);
    res.setHeader("Access-Control-Allow-Headers", settings.cors.allowHeaders);
    res.setHeader("Access-Control-Max-Age", "1800");
    // Preflights are answered by the filter and never reach the API (access.control.skip.options=true).
    return settings.skipOptions;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    // Jetty sends no Connection or Keep-Alive header on an HTTP/1.1 answer that keeps the connection; Node would.
    if (res.shouldKeepAlive) res.removeHeader("Connection");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    for (const h of settings.extraHeaders) res.setHeader(h.name, h.value);
    let bytes = 0;
    if (corsHeaders(req, res)) {
      res.statusCode = 200;
      res.end();
    } else {
      const response = await dispatch({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks),
        remoteAddress: req.socket.remoteAddress ?? "",
      });
      res.statusCode = response.status;
      for (const [k, v] of Object.entries(response.headers)) res.setHeader(k, v);
      const contentType = res.getHeader("Content-Type");
      const gzipping = compression && gzipApplies(req.method ?? "", response.status, contentType?.toString());
      if (gzipping) appendVary(res, "Accept-Encoding");
      if (response.stream) {
        const chunks = gzipping && acceptsGzip(req.headers) ? jettyGzipStream(response.stream) : response.stream;
        if (chunks !== response.stream) res.setHeader("Content-Encoding", "gzip");
        for await (const chunk of chunks) {
          bytes += Buffer.byteLength(chunk);
          res.write(chunk);
        }
        res.end();
      } else {
        let body: Buffer = Buffer.from(response.body ?? "", "utf8");
        if (gzipping && acceptsGzip(req.headers) && body.length >= MIN_GZIP_SIZE) {
          body = jettyGzip(body);
          res.setHeader("Content-Encoding", "gzip");
        }
        bytes = body.length;
        if (response.body !== undefined) res.setHeader("Content-Length", bytes);
        res.end(body);
      }
    }
    logger.log(
      "INFO",
      requestLogLine(
        req.socket.remoteAddress ?? "-",
        req.method ?? "-",
        req.url ?? "/",
        res.statusCode,
        bytes,
        Date.now() - started,
      ),
      "io.confluent.rest-utils.requests",
    );
  }

  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.log("ERROR", `request failed: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });

  return {
    server,
    dispatch,
    backend,
    consumers,
    async close() {
      await consumers.close();
      await backend.close();
    },
  };
}
