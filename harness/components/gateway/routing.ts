import { createHash } from "node:crypto";
import type { HttpVerb, MethodSetup, ResourceSetup } from "./setup.ts";
import { HTTP_VERBS } from "./setup.ts";

/** A request target split the way the gateway sees it: the raw path and the raw query, both still encoded. */
export interface RequestTarget {
  rawPath: string;
  /** Text after `?`; undefined when the target had no `?`. */
  rawQuery: string | undefined;
}

export function splitTarget(url: string): RequestTarget {
  // An absolute-form target (a client talking to us as to a proxy) carries the path after the authority.
  const target = /^https?:\/\//i.test(url) ? url.replace(/^https?:\/\/[^/?]*/i, "") || "/" : url;
  const mark = target.indexOf("?");
  return mark < 0
    ? { rawPath: target, rawQuery: undefined }
    : { rawPath: target.slice(0, mark), rawQuery: target.slice(mark + 1) };
}

/**
 * Finds the stage segment and the resource path after it. Extra leading slashes collapse (`//prod/a`,
 * `/prod//a` both reach `/a`), as measured on AWS; everything else in the path is kept as sent.
 */
export function stripStage(rawPath: string, stage: string): string | undefined {
  const rest = rawPath.replace(/^\/+/, "");
  const slash = rest.indexOf("/");
  const first = slash < 0 ? rest : rest.slice(0, slash);
  if (first !== stage) return undefined;
  const after = slash < 0 ? "" : rest.slice(slash);
  return "/" + after.replace(/^\/+/, "");
}

/** `<apiId>.execute-api.<anything>`: the id the host form names, lower-cased like the real endpoint. */
export function apiIdFromHost(host: string | undefined): string | undefined {
  const match = host === undefined ? null : /^([^.:]+)\.execute-api\./i.exec(host);
  return match?.[1]?.toLowerCase();
}

type Segment = { kind: "literal"; text: string } | { kind: "param"; name: string } | { kind: "greedy"; name: string };

const RANK = { literal: 0, param: 1, greedy: 2 } as const;

interface CompiledResource {
  resource: ResourceSetup;
  id: string;
  segments: Segment[];
}

export interface RouteMatch {
  resource: ResourceSetup;
  resourceId: string;
  method: MethodSetup;
  /** Path parameters, still percent-encoded as the client sent them. */
  pathParams: Record<string, string>;
}

function compileSegment(text: string): Segment {
  const param = /^\{([^}+]+)(\+?)\}$/.exec(text);
  if (!param) return { kind: "literal", text };
  const name = param[1] ?? "";
  return param[2] === "+" ? { kind: "greedy", name } : { kind: "param", name };
}

function resourceId(apiId: string, path: string): string {
  return createHash("sha256").update(`${apiId}${path}`).digest("hex").slice(0, 6);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === "greedy") {
      // A greedy variable needs at least one segment, which is why the stage root never matches `/{proxy+}`.
      const value = parts.slice(index).join("/");
      if (value === "") return undefined;
      params[segment.name] = value;
      return params;
    }
    const part = parts[index];
    if (part === undefined || part === "") return undefined;
    if (segment.kind === "literal" && part !== segment.text && safeDecode(part) !== segment.text) return undefined;
    if (segment.kind === "param") params[segment.name] = part;
  }
  return parts.length === segments.length ? params : undefined;
}

function compareRank(a: CompiledResource, b: CompiledResource): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.segments[index];
    const right = b.segments[index];
    if (left === undefined || right === undefined) return left === undefined ? -1 : 1;
    const diff = RANK[left.kind] - RANK[right.kind];
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Resource + method matching: literal beats `{param}` beats `{greedy+}`; a resource keeps a request only for a verb it declares. */
export class Router {
  readonly #resources: CompiledResource[];

  constructor(resources: ResourceSetup[], apiId: string) {
    this.#resources = resources
      .map((resource) => ({
        resource,
        id: resourceId(apiId, resource.path),
        segments: resource.path === "/" ? [] : resource.path.slice(1).replace(/\/$/, "").split("/").map(compileSegment),
      }))
      .sort(compareRank);
  }

  match(verb: string, resourcePath: string): RouteMatch | undefined {
    // `/a/` is `/a` for matching; the trailing slash only survives in `$context.path`.
    const trimmed = resourcePath.slice(1).replace(/\/$/, "");
    const parts = trimmed === "" ? [] : trimmed.split("/");
    const isVerb = (HTTP_VERBS as readonly string[]).includes(verb);
    if (!isVerb) return undefined;
    for (const compiled of this.#resources) {
      const pathParams = matchSegments(compiled.segments, parts);
      if (!pathParams) continue;
      const method = compiled.resource.methods[verb as HttpVerb] ?? compiled.resource.methods.ANY;
      // A resource without this verb lets the request fall through to a less specific one.
      if (method) return { resource: compiled.resource, resourceId: compiled.id, method, pathParams };
    }
    return undefined;
  }
}
