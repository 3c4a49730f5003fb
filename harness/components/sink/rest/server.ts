import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ConnectRestError, type Herder } from "../herder.ts";
import { routeRequest } from "./routes.ts";

export interface ConnectRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  /** Absolute base URL of this worker, for `Location` headers. */
  base: string;
  /** The request's Content-Type and Accept headers; absent, JAX-RS takes any. */
  contentType?: string;
  accept?: string;
}

export interface ConnectResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ConnectServer {
  server: Server;
  herder: Herder;
  /** Answers one request without a socket (unit specs). */
  handle(request: ConnectRequest): Promise<ConnectResponse>;
}

/** An error body in Connect's shape: `{"error_code":<status>,"message":"..."}`. */
export function errorResponse(status: number, message: string): ConnectResponse {
  return { status, body: { error_code: status, message } };
}

async function handle(herder: Herder, request: ConnectRequest): Promise<ConnectResponse> {
  try {
    return await routeRequest(herder, request);
  } catch (error) {
    if (error instanceof ConnectRestError) return errorResponse(error.status, error.message);
    return errorResponse(500, (error as Error)?.message ?? String(error));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The Kafka Connect REST API over a herder, built apart from `listen()`. */
export function createConnectServer(herder: Herder): ConnectServer {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://localhost");
      const host = req.headers.host ?? herder.workerId;
      const out = await handle(herder, {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        body,
        base: `http://${host}`,
        ...(req.headers["content-type"] !== undefined && { contentType: req.headers["content-type"] }),
        ...(req.headers.accept !== undefined && { accept: req.headers.accept }),
      });
      const headers: Record<string, string> = { ...out.headers };
      if (out.body === undefined) {
        res.writeHead(out.status, headers);
        res.end();
        return;
      }
      const text = JSON.stringify(out.body);
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(text));
      res.writeHead(out.status, headers);
      res.end(text);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return { server, herder, handle: (r) => handle(herder, r) };
}
