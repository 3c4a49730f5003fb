import { javaDoubleToString } from "../../../java/java-number.ts";

/**
 * The Java objects a template handles, as JS values: `bigint` for Integer/Long/BigInteger, `number` for Double,
 * `Map` for LinkedHashMap (insertion order, as the JSON reader and VTL map literals build them), arrays for lists.
 */
export type VtlValue = null | string | boolean | bigint | number | VtlMap | VtlList | HostObject;
export type VtlMap = Map<string, VtlValue>;
export type VtlList = VtlValue[];

/** An object with Java methods of its own ($input, $util, $foreach): templates reach it only through these. */
export interface HostObject {
  readonly host: true;
  /** `$obj.name`: a getter, or `undefined` when the object has none. */
  property(name: string): VtlValue | undefined;
  /** `$obj.name(args)`: `undefined` when the object has no such method. */
  call(name: string, args: VtlValue[]): VtlValue | undefined;
  toJavaString(): string;
}

export function isHost(value: VtlValue): value is HostObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

/**
 * Lists read from a JSON body are the JSON library's own list type, whose toString is JSON text, unlike a VTL
 * list literal (an ArrayList, printed `[a, b]`). A map read from JSON is a plain LinkedHashMap (`{a=b}`).
 */
const jsonLists = new WeakSet<VtlList>();

export function markJsonList(list: VtlList): VtlList {
  jsonLists.add(list);
  return list;
}

export function isJsonList(list: VtlList): boolean {
  return jsonLists.has(list);
}

/** `String.valueOf(value)`, which is what a template writes for a reference. */
export function javaString(value: VtlValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "number") return javaDoubleToString(value);
  if (Array.isArray(value)) {
    if (isJsonList(value)) return jsonText(value);
    return "[" + value.map((v) => (v === value ? "(this Collection)" : javaString(v))).join(", ") + "]";
  }
  if (value instanceof Map) {
    const parts: string[] = [];
    for (const [k, v] of value) parts.push(`${k}=${v === value ? "(this Map)" : javaString(v)}`);
    return "{" + parts.join(", ") + "}";
  }
  return value.toJavaString();
}

/**
 * JSON text as the JSON library behind `$input.json` writes it: compact, with its web-safe escaping (`/` as `\/`
 * and some control and punctuation ranges as `\uXXXX`).
 */
export function jsonText(value: VtlValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return jsonQuote(value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "number") return Number.isFinite(value) ? javaDoubleToString(value) : "null";
  if (Array.isArray(value)) return "[" + value.map(jsonText).join(",") + "]";
  if (value instanceof Map) {
    const parts: string[] = [];
    for (const [k, v] of value) parts.push(`${jsonQuote(k)}:${jsonText(v)}`);
    return "{" + parts.join(",") + "}";
  }
  return jsonQuote(value.toJavaString());
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
  "/": "\\/",
};

function jsonQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    const cu = ch.charCodeAt(0);
    if (short !== undefined) out += short;
    else if (cu <= 0x1f || (cu >= 0x7f && cu <= 0x9f) || (cu >= 0x2000 && cu <= 0x20ff && ch.length === 1)) {
      out += "\\u" + cu.toString(16).toUpperCase().padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

/** Velocity 1.7's truth: null and `false` are false, every other object (the empty string too) is true. */
export function truthy(value: VtlValue): boolean {
  if (value === null) return false;
  if (typeof value === "boolean") return value;
  return true;
}

export function isNumber(value: VtlValue): value is bigint | number {
  return typeof value === "bigint" || typeof value === "number";
}

/** Plain data (a request's maps, `$context`) as Java maps and lists. */
export function fromPlain(value: unknown): VtlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [String(k), fromPlain(v)]));
  const out: VtlMap = new Map();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.set(k, fromPlain(v));
  return out;
}
