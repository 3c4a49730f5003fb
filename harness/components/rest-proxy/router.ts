import type { IncomingHttpHeaders } from "node:http";
import type { JsonValue } from "../../java/jackson-tree.ts";
import type { Offer } from "./media.ts";

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

export interface Route {
  method: string;
  template: string;
  api: "v2" | "v3";
  consumes: readonly string[] | "any";
  produces: readonly Offer[];
  handler(ctx: RequestContext): Promise<Reply>;
  /** The endpoint name used by `api.endpoints.allowlist`/`blocklist`. */
  endpoint?: string;
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
  ints: Set<string>;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function compile(route: Route): Compiled {
  const names: string[] = [];
  const ints = new Set<string>();
  const source = route.template.replace(/\{(\w+)(:int)?\}/g, (_m, name: string, int?: string) => {
    names.push(name);
    if (int) ints.add(name);
    return "([^/]+)";
  });
  return { route, regex: new RegExp(`^${source}/?$`), names, ints };
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** Path matching in the JAX-RS manner: a path parameter that doesn't convert (a non-int partition) is a 404. */
export class Router {
  private readonly compiled: Compiled[];
  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  /** Every route whose path matches, with decoded parameters. */
  match(path: string): Match[] {
    const out: Match[] = [];
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      let ok = true;
      c.names.forEach((name, i) => {
        let v: string;
        try {
          v = decodeURIComponent(m[i + 1] ?? "");
        } catch {
          ok = false;
          return;
        }
        if (c.ints.has(name)) {
          if (!/^[+-]?\d+$/.test(v) || Number(v) < INT_MIN || Number(v) > INT_MAX) ok = false;
        }
        params[name] = v;
      });
      if (ok) out.push({ route: c.route, params });
    }
    return out;
  }
}
