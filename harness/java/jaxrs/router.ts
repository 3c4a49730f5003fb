import { bareType, consumes, negotiate, parseAccept, type Offer } from "./media.ts";

/** What JAX-RS knows of a resource method before it runs: its HTTP method, path template and media types. */
export interface ResourceMethod {
  method: string;
  /** `/topics/{topic}/partitions/{partition:int}`: `{name}` is one segment; `:int` must read as a Java int. */
  template: string;
  consumes: readonly string[] | "any";
  produces: readonly Offer[];
}

export interface PathMatch<R> {
  route: R;
  /** Decoded path parameters, by name. */
  params: Record<string, string>;
  /** The same values in the template's order. */
  values: string[];
}

/** Which resource method takes a request, or the status JAX-RS answers instead. */
export type Selection<R> =
  | (PathMatch<R> & { kind: "matched"; responseType: string })
  | { kind: "not-found" }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "unsupported-media-type" }
  | { kind: "not-acceptable" };

interface Compiled<R> {
  route: R;
  regex: RegExp;
  names: string[];
  ints: Set<string>;
}

const RECENT_PATHS = 256;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function compile<R extends ResourceMethod>(route: R): Compiled<R> {
  const names: string[] = [];
  const ints = new Set<string>();
  const source = route.template.replace(/\{(\w+)(:int)?\}/g, (_m, name: string, int?: string) => {
    names.push(name);
    if (int) ints.add(name);
    return "([^/]+)";
  });
  return { route, regex: new RegExp(`^${source}/?$`), names, ints };
}

/**
 * Request matching in the JAX-RS order: the path first (a path parameter that does not convert, such as a partition
 * that is not an int, is no match, so 404), then the method (405), then the request's Content-Type against
 * @Consumes (415), then Accept against @Produces (406). HEAD is served by a GET method, as JAX-RS does.
 */
export class JaxRsRouter<R extends ResourceMethod> {
  private readonly compiled: Compiled<R>[];
  /** Matches of recent paths: a client posts to the same few topics again and again, so most requests hit. */
  private readonly recent = new Map<string, PathMatch<R>[]>();
  private readonly recentSelections = new Map<string, Selection<R>>();

  constructor(routes: readonly R[]) {
    this.compiled = routes.map(compile);
  }

  /** Every resource method whose path matches, with decoded parameters (shared: callers must not change them). */
  match(path: string): PathMatch<R>[] {
    const known = this.recent.get(path);
    if (known) return known;
    const found = this.matchAll(path);
    if (this.recent.size >= RECENT_PATHS) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(path, found);
    return found;
  }

  private matchAll(path: string): PathMatch<R>[] {
    const out: PathMatch<R>[] = [];
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      const values: string[] = [];
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
        values.push(v);
      });
      if (ok) out.push({ route: c.route, params, values });
    }
    return out;
  }

  select(request: { method: string; path: string; contentType?: string; accept?: string }): Selection<R> {
    // Clients repeat the same few requests (a topic, its content type, their Accept): most selections are known.
    const key = `${request.method}\u0000${request.path}\u0000${request.contentType ?? ""}\u0000${request.accept ?? ""}`;
    const known = this.recentSelections.get(key);
    if (known) return known;
    const selected = this.selectAnew(request);
    if (this.recentSelections.size >= RECENT_PATHS) {
      this.recentSelections.delete(this.recentSelections.keys().next().value as string);
    }
    this.recentSelections.set(key, selected);
    return selected;
  }

  private selectAnew(request: { method: string; path: string; contentType?: string; accept?: string }): Selection<R> {
    const matches = this.match(request.path);
    if (matches.length === 0) return { kind: "not-found" };
    const method = request.method.toUpperCase();
    const lookup = method === "HEAD" ? "GET" : method;
    const byMethod = matches.filter((m) => m.route.method === lookup);
    if (byMethod.length === 0) {
      return { kind: "method-not-allowed", allowed: [...new Set(matches.map((m) => m.route.method))] };
    }
    const contentType = bareType(request.contentType);
    const candidates = byMethod.filter((m) => consumes(contentType, m.route.consumes));
    if (candidates.length === 0) return { kind: "unsupported-media-type" };
    const offers = candidates.flatMap((m) => [...m.route.produces]);
    const responseType = negotiate(parseAccept(request.accept), offers);
    if (responseType === undefined) return { kind: "not-acceptable" };
    const chosen = candidates.find((m) => m.route.produces.some((o) => o.type === responseType)) as PathMatch<R>;
    return { kind: "matched", ...chosen, responseType };
  }
}
