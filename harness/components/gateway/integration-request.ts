import type { HeaderPair } from "./headers.ts";
import { headerValue } from "./headers.ts";
import type { QueryParam } from "./query.ts";
import { encodeQuery, lastValue } from "./query.ts";
import type { HttpProxyIntegration } from "./setup.ts";

/** What the integration request is built from: the method request's parameters. */
export interface MethodRequest {
  pathParams: Record<string, string>;
  query: QueryParam[];
  headers: readonly HeaderPair[];
}

export type BuiltTarget =
  { ok: true; origin: string; host: string; path: string; extraHeaders: HeaderPair[] } | { ok: false; detail: string };

function resolveSource(source: string, request: MethodRequest): string | undefined {
  const literal = /^'(.*)'$/.exec(source);
  if (literal) return literal[1];
  const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(source);
  if (!match) return undefined;
  const [, where, name = ""] = match;
  if (where === "path") return request.pathParams[name];
  if (where === "querystring") return lastValue(request.query, name);
  return headerValue(request.headers, name);
}

// Integration origins are few and fixed, so each is parsed once rather than on every call.
const hosts = new Map<string, string | undefined>();

function hostOf(origin: string): string | undefined {
  if (!hosts.has(origin)) {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (hosts.size > 64) hosts.clear();
    hosts.set(origin, host);
  }
  return hosts.get(origin);
}

const configurationError = (reason: string): BuiltTarget => ({
  ok: false,
  detail: `Execution failed due to configuration error: ${reason}`,
});

/**
 * The integration URL: `{name}` placeholders filled from `integration.request.path.*` mappings (path values stay
 * percent-encoded), the client's decoded query re-encoded and merged with mapped ones. The stage is not forwarded.
 */
export function buildIntegrationTarget(integration: HttpProxyIntegration, request: MethodRequest): BuiltTarget {
  const mappings = Object.entries(integration.requestParameters ?? {});
  const pathValues = new Map<string, string>();
  const query: QueryParam[] = [...request.query];
  const extraHeaders: HeaderPair[] = [];
  for (const [target, source] of mappings) {
    const value = resolveSource(source, request);
    const parts = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
    if (!parts) continue;
    const [, where, name = ""] = parts;
    // Framing headers cannot be mapped: AWS fails every call of such a method.
    if (where === "header" && /^(content-length|transfer-encoding)$/i.test(name)) {
      return configurationError(`${name} cannot be mapped`);
    }
    if (value === undefined) continue;
    if (where === "path") pathValues.set(name, value);
    else if (where === "querystring") {
      // A mapping that repeats what the client already sent must not double it.
      if (!query.some((param) => param.name === name && param.value === value)) query.push({ name, value });
    } else extraHeaders.push([name, value]);
  }

  // Without a mapping the placeholder stays literal, and `{` is not legal in a URL path.
  const uri = integration.uri.replace(/\{([^}]+)\}/g, (whole, name: string) => pathValues.get(name) ?? whole);
  if (/[{}]/.test(uri)) return configurationError("Illegal character in path");
  const split = /^(https?:\/\/[^/?#]+)([^?#]*)(?:\?([^#]*))?/i.exec(uri);
  if (!split) return configurationError("Invalid endpoint address");
  const [, origin = "", path = "", uriQuery] = split;
  const host = hostOf(origin);
  if (host === undefined) return configurationError("Invalid endpoint address");
  const clientQuery = encodeQuery(query);
  const fullQuery = [uriQuery, clientQuery].filter((part) => part !== undefined && part !== "").join("&");
  return {
    ok: true,
    origin,
    host,
    path: `${path === "" ? "/" : path}${fullQuery === "" ? "" : `?${fullQuery}`}`,
    extraHeaders,
  };
}
