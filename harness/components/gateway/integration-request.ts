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

/** A mapping's source, parsed: a quoted literal or a method request parameter; undefined for anything else. */
type Source =
  | { kind: "literal"; value: string | undefined }
  | { kind: "path" | "querystring" | "header"; name: string }
  | undefined;

function parseSource(source: string): Source {
  const literal = /^'(.*)'$/.exec(source);
  if (literal) return { kind: "literal", value: literal[1] };
  const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(source);
  if (!match) return undefined;
  const [, where, name = ""] = match;
  return { kind: where as "path" | "querystring" | "header", name };
}

function resolveSource(source: Source, request: MethodRequest): string | undefined {
  if (source === undefined) return undefined;
  if (source.kind === "literal") return source.value;
  if (source.kind === "path") return request.pathParams[source.name];
  if (source.kind === "querystring") return lastValue(request.query, source.name);
  return headerValue(request.headers, source.name);
}

/** One `integration.request.*` mapping with both sides parsed; `target` is undefined when it names no parameter. */
interface Mapping {
  source: Source;
  target: { where: string; name: string; framing: boolean } | undefined;
}

// An integration's mappings are fixed by the setup, so their text is parsed once per integration, not per call.
const parsedMappings = new WeakMap<HttpProxyIntegration, Mapping[]>();

function mappingsOf(integration: HttpProxyIntegration): Mapping[] {
  let mappings = parsedMappings.get(integration);
  if (mappings === undefined) {
    mappings = Object.entries(integration.requestParameters ?? {}).map(([target, source]) => {
      const parts = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
      const [, where = "", name = ""] = parts ?? [];
      return {
        source: parseSource(source),
        target: parts ? { where, name, framing: /^(content-length|transfer-encoding)$/i.test(name) } : undefined,
      };
    });
    parsedMappings.set(integration, mappings);
  }
  return mappings;
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
  const pathValues = new Map<string, string>();
  const query: QueryParam[] = [...request.query];
  const extraHeaders: HeaderPair[] = [];
  for (const { source, target } of mappingsOf(integration)) {
    const value = resolveSource(source, request);
    if (target === undefined) continue;
    const { where, name } = target;
    // Framing headers cannot be mapped: AWS fails every call of such a method.
    if (where === "header" && target.framing) {
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
