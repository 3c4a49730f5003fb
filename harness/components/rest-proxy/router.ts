import type { IncomingHttpHeaders } from "node:http";
import type { JsonValue } from "../../java/jackson-tree.ts";
import type { ResourceMethod } from "../../java/jaxrs/router.ts";

export interface RequestContext {
  headers: IncomingHttpHeaders;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Bare request Content-Type, lower-cased. */
  contentType: string | undefined;
  body: Buffer;
  /** The negotiated response type; handlers' errors are written with it too. */
  responseType: string;
  /** The body parsed as JSON; undefined when empty. Throws a 400 RestError when malformed. */
  json(): JsonValue | undefined;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Overrides the negotiated type (v3 streaming). */
  type?: string;
  /** A streamed body (v3 produce): written chunk by chunk as it is produced. */
  stream?: AsyncIterable<string>;
}

/** One resource method of the proxy: what JAX-RS matches on, and its handler. */
export interface Route extends ResourceMethod {
  api: "v2" | "v3";
  handler(ctx: RequestContext): Promise<Reply>;
  /** The endpoint name used by `api.endpoints.allowlist`/`blocklist`. */
  endpoint?: string;
}
