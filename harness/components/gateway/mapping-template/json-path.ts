import { markJsonList, type VtlValue } from "./values.ts";

/** One step of a JSONPath: a member, an index, every child (`*`), or a deep scan for a member (`..name`). */
type Step =
  | { kind: "member"; names: string[] }
  | { kind: "index"; indexes: number[] }
  | { kind: "wildcard" }
  | { kind: "deep"; name: string | null };

export class JsonPathSyntaxError extends Error {}

/** Parses the Jayway-style subset: `$`, `.a`, `['a']`, `["a","b"]`, `[0]`, `[-1]`, `[0,2]`, `[*]`, `.*`, `..a`. */
export function parseJsonPath(path: string): Step[] {
  const text = path.trim();
  if (!text.startsWith("$")) throw new JsonPathSyntaxError(`path must start with $: ${path}`);
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    if (text.startsWith("..", i)) {
      i += 2;
      const name = /^(\*|[^.[\s]+)/.exec(text.slice(i));
      if (!name) throw new JsonPathSyntaxError(`nothing after .. in ${path}`);
      steps.push({ kind: "deep", name: name[1] === "*" ? null : (name[1] as string) });
      i += (name[1] as string).length;
    } else if (text[i] === ".") {
      i++;
      const name = /^(\*|[^.[\s]+)/.exec(text.slice(i));
      if (!name) throw new JsonPathSyntaxError(`empty member name in ${path}`);
      steps.push(name[1] === "*" ? { kind: "wildcard" } : { kind: "member", names: [name[1] as string] });
      i += (name[1] as string).length;
    } else if (text[i] === "[") {
      const end = closingBracket(text, i);
      steps.push(bracketStep(text.slice(i + 1, end).trim(), path));
      i = end + 1;
    } else {
      throw new JsonPathSyntaxError(`unexpected ${text[i]} in ${path}`);
    }
  }
  return steps;
}

function closingBracket(text: string, open: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "]") return i;
  }
  throw new JsonPathSyntaxError(`unclosed [ in ${text}`);
}

function bracketStep(inner: string, path: string): Step {
  if (inner === "*") return { kind: "wildcard" };
  const parts = inner.split(/\s*,\s*/);
  if (parts.every((p) => /^-?\d+$/.test(p))) return { kind: "index", indexes: parts.map(Number) };
  const names = parts.map((p) => {
    const m = /^(['"])(.*)\1$/s.exec(p);
    if (!m) throw new JsonPathSyntaxError(`unsupported [${inner}] in ${path}`);
    return (m[2] as string).replace(/\\(.)/g, "$1");
  });
  return { kind: "member", names };
}

/** A path is definite when it can only name one node; its result is that node, not a list of matches. */
function isDefinite(steps: Step[]): boolean {
  return steps.every(
    (s) => (s.kind === "member" && s.names.length === 1) || (s.kind === "index" && s.indexes.length === 1),
  );
}

export type PathResult = { found: true; value: VtlValue } | { found: false };

/**
 * Evaluates a path over a parsed body. A definite path that names nothing is "not found" (the template then sees
 * null); an indefinite one always yields a list of its matches, possibly empty.
 */
export function evaluateJsonPath(root: VtlValue, path: string): PathResult {
  const steps = parseJsonPath(path);
  let nodes: VtlValue[] = [root];
  for (const step of steps) nodes = nodes.flatMap((node) => apply(step, node));
  if (isDefinite(steps)) return nodes.length === 0 ? { found: false } : { found: true, value: nodes[0] as VtlValue };
  return { found: true, value: markJsonList(nodes) };
}

function apply(step: Step, node: VtlValue): VtlValue[] {
  switch (step.kind) {
    case "member":
      if (!(node instanceof Map)) return [];
      return step.names.filter((n) => node.has(n)).map((n) => node.get(n) as VtlValue);
    case "index": {
      if (!Array.isArray(node)) return [];
      const out: VtlValue[] = [];
      for (const i of step.indexes) {
        const at = i < 0 ? node.length + i : i;
        if (at >= 0 && at < node.length) out.push(node[at] as VtlValue);
      }
      return out;
    }
    case "wildcard":
      return children(node);
    case "deep":
      return deepScan(node, step.name);
  }
}

function children(node: VtlValue): VtlValue[] {
  if (node instanceof Map) return [...node.values()];
  if (Array.isArray(node)) return [...node];
  return [];
}

function deepScan(node: VtlValue, name: string | null): VtlValue[] {
  const out: VtlValue[] = [];
  const visit = (n: VtlValue): void => {
    if (n instanceof Map) {
      for (const [k, v] of n) if (name === null || k === name) out.push(v);
    } else if (Array.isArray(n) && name === null) out.push(...n);
    for (const child of children(n)) visit(child);
  };
  visit(node);
  return out;
}
