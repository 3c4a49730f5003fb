import { Agent, request as httpRequest } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import { asGatewayHost } from "./hosts.ts";

/** What the proxy needs of the gateway behind it; a `StartedGateway` has both. */
export interface GatewayTarget {
  /** `http://127.0.0.1:<port>/<stage>`: only the origin is used, the stage stays in each request's path. */
  invokeUrl: string;
  apiId: string;
}

export interface GatewayForwarder {
  forward(req: IncomingMessage, res: ServerResponse, connectHost: string): void;
  /** Drops the pooled connections to the gateway. */
  destroy(): void;
}

// Connection-level headers belong to each hop; the rest reaches the gateway as the script sent it.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect"]);
const RESPONSE_HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "trailer", "upgrade"]);

function named(rawHeaders: string[]): Set<string> {
  const listed = new Set<string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() !== "connection") continue;
    for (const token of (rawHeaders[index + 1] ?? "").split(",")) listed.add(token.trim().toLowerCase());
  }
  return listed;
}

/** The script's headers, case and order kept, with the Host naming the gateway's API id (see `asGatewayHost`). */
export function gatewayRequestHeaders(rawHeaders: string[], connectHost: string, apiId: string): string[] {
  const dropped = named(rawHeaders);
  const headers: string[] = [];
  let host = false;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] ?? "";
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower.startsWith("proxy-") || dropped.has(lower)) continue;
    let value = rawHeaders[index + 1] ?? "";
    if (lower === "host") {
      host = true;
      value = asGatewayHost(value, apiId);
    }
    headers.push(name, value);
  }
  if (!host) headers.unshift("Host", asGatewayHost(connectHost, apiId));
  return headers;
}

function responseHeaders(rawHeaders: string[]): string[] {
  const dropped = named(rawHeaders);
  const headers: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const lower = (rawHeaders[index] ?? "").toLowerCase();
    if (RESPONSE_HOP_BY_HOP.has(lower) || dropped.has(lower)) continue;
    headers.push(rawHeaders[index] ?? "", rawHeaders[index + 1] ?? "");
  }
  return headers;
}

function badGateway(res: ServerResponse, detail: string): void {
  if (res.writableEnded) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `pinpipe's execute-api proxy could not reach the gateway: ${detail}\n`;
  res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Sends each decrypted request on to the gateway's listener over loopback, streaming both bodies, so the gateway
 * does all of API Gateway's work (stage, routing, limits, logs) exactly as for a request to its invoke URL.
 */
export function createGatewayForwarder(gateway: GatewayTarget): GatewayForwarder {
  const origin = new URL(gateway.invokeUrl);
  const hostname = origin.hostname.replace(/^\[|\]$/g, "");
  const port = Number(origin.port || 80);
  const agent = new Agent({ keepAlive: true });

  function forward(req: IncomingMessage, res: ServerResponse, connectHost: string): void {
    // The gateway writes its own Date.
    res.sendDate = false;
    const upstream = httpRequest({
      agent,
      hostname,
      port,
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: gatewayRequestHeaders(req.rawHeaders, connectHost, gateway.apiId),
    });
    upstream.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeaders(answer.rawHeaders));
      pipeline(answer, res, () => undefined);
    });
    // Also after the request went out: the gateway may drop the connection before it answers.
    upstream.on("error", (error) => badGateway(res, error.message));
    pipeline(req, upstream, () => undefined);
  }

  return { forward, destroy: () => agent.destroy() };
}
