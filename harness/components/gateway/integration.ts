import type { GatewayErrorKind } from "./gateway-errors.ts";
import { Agent } from "undici";
import type { Dispatcher } from "undici";
import { routedConnector, type ConnectRoute } from "./connect-via.ts";
import type { HeaderPair } from "./headers.ts";

/** One integration request, fully built: the gateway never rewrites it further. */
export interface UpstreamRequest {
  /** `http://127.0.0.1:8082`. */
  origin: string;
  /** Path and query exactly as they go on the request line. */
  path: string;
  method: string;
  headers: HeaderPair[];
  body: Buffer;
  timeoutMs: number;
}

export type UpstreamFailure = "timeout" | "network" | "configuration" | "response-too-large";

/** The gateway error each kind of integration failure becomes, for every integration type. */
export const UPSTREAM_FAILURE_TO_ERROR = {
  timeout: "INTEGRATION_TIMEOUT",
  network: "INTEGRATION_FAILURE",
  configuration: "API_CONFIGURATION_ERROR",
  "response-too-large": "API_CONFIGURATION_ERROR",
} as const satisfies Record<UpstreamFailure, GatewayErrorKind>;

export type UpstreamOutcome =
  | {
      ok: true;
      status: number;
      headers: HeaderPair[];
      body: Buffer;
      latencyMs: number;
    }
  | {
      ok: false;
      failure: UpstreamFailure;
      /** The execution-log reason, e.g. `Execution failed due to a timeout error`. */
      detail: string;
      latencyMs: number;
    };

export interface IntegrationClient {
  send(request: UpstreamRequest): Promise<UpstreamOutcome>;
  /** Lets pooled connections finish, then closes them. */
  close(): Promise<void>;
  /** Drops every connection now. */
  destroy(): Promise<void>;
}

/** BUFFERED responses are capped at 10 MB, like requests. */
export const MAX_RESPONSE_BYTES = 10_485_760;

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME"]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof record.code === "string") return record.code;
  // Happy-eyeballs connects report an AggregateError holding one error per address.
  if (Array.isArray(record.errors)) return errorCode(record.errors[0]);
  return errorCode(record.cause);
}

/** Sorts a transport error into the gateway response it becomes: 504 network error or 500 configuration error. */
export function classifyError(error: unknown): { failure: UpstreamFailure; detail: string } {
  const code = errorCode(error);
  if (code !== undefined && DNS_CODES.has(code)) {
    return {
      failure: "configuration",
      detail: "Execution failed due to configuration error: Invalid endpoint address",
    };
  }
  if (code === "UND_ERR_INVALID_ARG") {
    return {
      failure: "configuration",
      detail: "Execution failed due to configuration error: Illegal character in path",
    };
  }
  if (code !== undefined && (code.startsWith("ERR_TLS") || code.includes("CERT"))) {
    return { failure: "configuration", detail: `Execution failed due to configuration error: ${code}` };
  }
  const reason =
    code === "ECONNRESET"
      ? "Connection reset by peer"
      : code === "ECONNREFUSED"
        ? "Connection refused"
        : "Connection is closed";
  // Anything else on the wire (refused, reset, closed mid-response, a stale pooled socket) is a network error.
  return {
    failure: "network",
    detail: `Execution failed due to a network error communicating with endpoint: ${reason}`,
  };
}

function toPairs(raw: Buffer[] | string[] | unknown): HeaderPair[] {
  if (!Array.isArray(raw)) return [];
  const pairs: HeaderPair[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    pairs.push([String(raw[index]), String(raw[index + 1])]);
  }
  return pairs;
}

/** The integration side: one keep-alive pool per backend origin, shared by every request. */
export function createIntegrationClient(
  options: { connectionsPerOrigin?: number; connectVia?: readonly ConnectRoute[] } = {},
): IntegrationClient {
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 256,
    ...(options.connectVia?.length && { connect: routedConnector(options.connectVia) }),
    // The gateway's own timer decides timeouts, so undici's must never fire first.
    headersTimeout: 0,
    bodyTimeout: 0,
  });

  function send(request: UpstreamRequest): Promise<UpstreamOutcome> {
    return new Promise((resolve) => {
      const started = performance.now();
      let settled = false;
      let controller: Dispatcher.DispatchController | undefined;
      let status = 0;
      let headers: HeaderPair[] = [];
      const chunks: Buffer[] = [];
      let size = 0;

      const finish = (outcome: { ok: true } | { ok: false; failure: UpstreamFailure; detail: string }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const latencyMs = Math.round(performance.now() - started);
        resolve(
          outcome.ok
            ? { ok: true, status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), latencyMs }
            : { ...outcome, latencyMs },
        );
      };
      // AWS gives up at the integration timeout but the backend keeps going; aborting our socket is the same to it.
      const timer = setTimeout(() => {
        finish({ ok: false, failure: "timeout", detail: "Execution failed due to a timeout error" });
        controller?.abort(new Error("integration timeout"));
      }, request.timeoutMs);

      const flat: string[] = [];
      for (const [name, value] of request.headers) flat.push(name, value);
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(started) {
          controller = started;
          if (settled) started.abort(new Error("integration timeout"));
        },
        onResponseStart(response, statusCode) {
          status = statusCode;
          headers = toPairs(response.rawHeaders);
        },
        onResponseData(response, chunk) {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            finish({
              ok: false,
              failure: "response-too-large",
              detail: `Execution failed: integration response body exceeded ${MAX_RESPONSE_BYTES} bytes`,
            });
            response.abort(new Error("integration response too large"));
            return;
          }
          chunks.push(chunk);
        },
        onResponseEnd() {
          finish({ ok: true });
        },
        onResponseError(_controller, error) {
          finish({ ok: false, ...classifyError(error) });
        },
      };
      try {
        agent.dispatch(
          {
            origin: request.origin,
            path: request.path,
            method: request.method as Dispatcher.HttpMethod,
            headers: flat,
            body: request.body.length === 0 ? null : request.body,
          },
          handler,
        );
      } catch (error) {
        finish({ ok: false, ...classifyError(error) });
      }
    });
  }

  return {
    send,
    close: () => agent.close(),
    destroy: () => agent.destroy(),
  };
}
