/**
 * Jackson's own tree (`JsonNode`), keeping what JSON.parse loses: number text (`1.0`, `1.0E10`, integers beyond
 * 2^53) and member order survive a parse/print round trip, as they do where a Java server reads JSON into a tree
 * (the REST proxy's payloads) or binds it to strings (Connect's connector configs).
 */
import {
  readJackson,
  readJacksonSequence,
  type JacksonReadOptions,
  type JsonTreeBuilder,
  type SequenceItem,
} from "./jackson-parser.ts";
import { jacksonQuote } from "./json-escape.ts";
import { javaDoubleToString } from "./java-number.ts";

export class JsonNumber {
  /** The literal as it appeared in the input. */
  readonly text: string;
  /** Integral literals (no `.`, no exponent) become Jackson int/long/BigInteger nodes; others become doubles. */
  readonly integral: boolean;
  constructor(text: string) {
    this.text = text;
    this.integral = !/[.eE]/.test(text);
  }
  toNumber(): number {
    return Number(this.text);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

/** Malformed JSON in a request, with Jackson's words. */
export { JacksonParseError as JsonSyntaxError } from "./jackson-parser.ts";

/** Jackson's own tree: members keep their arrival order (a repeated name keeps its place and takes the last value). */
const JACKSON_TREE: JsonTreeBuilder<JsonValue> = {
  object(members) {
    const out: JsonObject = new Map();
    for (const [name, value] of members) out.set(name, value);
    return out;
  },
  array: (items) => items,
  string: (text) => text,
  integer: (token) => new JsonNumber(token),
  floating: (token) => new JsonNumber(token),
  literal: (value) => value,
};

/**
 * Parses a whole document. Returns `undefined` for an empty or whitespace-only input, which the real proxy
 * treats like a `null` entity. Content after the first value is ignored, as Jackson does by default.
 */
export function parseJson(text: string, options: JacksonReadOptions = {}): JsonValue | undefined {
  return readJackson(text, JACKSON_TREE, options);
}

/** Parses a sequence of concatenated or whitespace-separated values (v3 streaming produce), value by value. */
export function parseJsonStream(
  text: string,
  options: JacksonReadOptions = {},
): Generator<SequenceItem<JsonValue>, void, undefined> {
  return readJacksonSequence(text, JACKSON_TREE, options);
}

function numberText(n: JsonNumber): string {
  // The grammar already forbids leading zeros, so an integral literal is its own canonical text but for -0.
  if (n.integral) return n.text === "-0" ? "0" : n.text;
  const d = n.toNumber();
  // Jackson writes non-finite doubles as strings by default.
  if (!Number.isFinite(d)) return `"${javaDoubleToString(d)}"`;
  return javaDoubleToString(d);
}

/** Compact serialization, byte-compatible with Jackson's default ObjectMapper output for the same tree. */
export function stringifyJson(value: JsonValue): string {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "string") return jacksonQuote(value);
  if (value instanceof JsonNumber) return numberText(value);
  if (Array.isArray(value)) return "[" + value.map(stringifyJson).join(",") + "]";
  let out = "{";
  let first = true;
  for (const [k, v] of value) {
    out += (first ? "" : ",") + jacksonQuote(k) + ":" + stringifyJson(v);
    first = false;
  }
  return out + "}";
}

/** Converts a plain JS value (from JSON.parse or code) into a tree; used by specs and internal callers. */
export function fromPlain(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return new JsonNumber(Number.isInteger(value) ? String(value) : String(value));
  if (typeof value === "bigint") return new JsonNumber(value.toString());
  if (Array.isArray(value)) return value.map(fromPlain);
  const out: JsonObject = new Map();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.set(k, fromPlain(v));
  return out;
}

/** Converts a tree into plain JS values (numbers lose precision beyond 2^53, as JSON.parse does). */
export function toPlain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return value.toNumber();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  return value;
}

/** Short description of a node's JSON type for error messages. */
export function jsonTypeName(value: JsonValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  if (value instanceof JsonNumber) return "number";
  if (Array.isArray(value)) return "array";
  return "object";
}
