/**
 * A JSON tree that keeps what JSON.parse loses: the real proxy re-serializes JSON payloads with Jackson, so
 * number text (`1.0`, `1.0E10`, integers beyond 2^53) and member order must survive a parse/print round trip.
 */
import { javaDoubleToString } from "../../java/java-number.ts";

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

/** Raised for malformed input; the message mimics Jackson's wording without its source location. */
export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
// Sticky expressions match in place; slicing the rest of the input per token would make parsing quadratic.
const WORD = /[A-Za-z0-9_$]+/y;
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
// A run of string characters needing no attention (no quote, backslash or control character): skipped whole.
const PLAIN = /[ !#-[\]-\uffff]*/y;

class Parser {
  pos = 0;
  constructor(readonly s: string) {}

  skipWs(): void {
    while (this.pos < this.s.length && WS.has(this.s.charCodeAt(this.pos))) this.pos++;
  }

  fail(expected: string): never {
    if (this.pos >= this.s.length) throw new JsonSyntaxError(`Unexpected end-of-input: expected ${expected}`);
    const ch = this.s[this.pos] ?? "";
    throw new JsonSyntaxError(`Unexpected character ('${ch}' (code ${ch.codePointAt(0) ?? 0})): expected ${expected}`);
  }

  value(): JsonValue {
    this.skipWs();
    const c = this.s[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    if (c !== undefined && /[A-Za-z]/.test(c)) {
      WORD.lastIndex = this.pos;
      const m = WORD.exec(this.s) ?? [c];
      const word = m[0];
      this.pos += word.length;
      if (word === "true") return true;
      if (word === "false") return false;
      if (word === "null") return null;
      throw new JsonSyntaxError(
        `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      );
    }
    return this.fail("a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
  }

  object(): JsonObject {
    this.pos++;
    const out: JsonObject = new Map();
    this.skipWs();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.s[this.pos] !== '"') this.fail("double-quote to start field name");
      const key = this.string();
      this.skipWs();
      if (this.s[this.pos] !== ":") this.fail("a colon to separate field name and value");
      this.pos++;
      // Map.set keeps the first position and the last value, as Jackson's ObjectNode does for duplicates.
      out.set(key, this.value());
      this.skipWs();
      const c = this.s[this.pos];
      this.pos++;
      if (c === ",") continue;
      if (c === "}") return out;
      this.pos--;
      this.fail("was expecting comma to separate Object entries");
    }
  }

  array(): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipWs();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipWs();
      const c = this.s[this.pos];
      this.pos++;
      if (c === ",") continue;
      if (c === "]") return out;
      this.pos--;
      this.fail("was expecting comma to separate Array entries");
    }
  }

  string(): string {
    this.pos++;
    let out = "";
    let start = this.pos;
    for (;;) {
      // Batched produce bodies are mostly long plain strings: a sticky regex skips them far faster than a loop.
      PLAIN.lastIndex = this.pos;
      if (PLAIN.test(this.s)) this.pos = PLAIN.lastIndex;
      if (this.pos >= this.s.length) throw new JsonSyntaxError("Unexpected end-of-input: was expecting closing quote");
      const code = this.s.charCodeAt(this.pos);
      if (code === 0x22) {
        out += this.s.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) {
        throw new JsonSyntaxError(
          `Illegal unquoted character ((CTRL-CHAR, code ${code})): has to be escaped using backslash to be included in string value`,
        );
      }
      if (code === 0x5c) {
        out += this.s.slice(start, this.pos);
        const e = this.s[this.pos + 1];
        this.pos += 2;
        const simple: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (e !== undefined && simple[e] !== undefined) out += simple[e];
        else if (e === "u") {
          const hex = this.s.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex))
            throw new JsonSyntaxError("Unexpected character: expected a hex-digit for character escape sequence");
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
        } else {
          throw new JsonSyntaxError(`Unrecognized character escape '${e ?? ""}'`);
        }
        start = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  number(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (!m) this.fail("a valid number");
    const next = this.s[this.pos + m[0].length];
    if (next !== undefined && /[0-9.eE]/.test(next)) {
      this.pos += m[0].length;
      this.fail("a valid number (leading zeroes and malformed fractions are not allowed)");
    }
    this.pos += m[0].length;
    return new JsonNumber(m[0]);
  }
}

/**
 * Parses a whole document. Returns `undefined` for an empty or whitespace-only input, which the real proxy
 * treats like a `null` entity. Content after the first value is ignored, as Jackson does by default.
 */
export function parseJson(text: string): JsonValue | undefined {
  const p = new Parser(text);
  p.skipWs();
  if (p.pos >= text.length) return undefined;
  return p.value();
}

/** Parses a sequence of concatenated or whitespace-separated values (v3 streaming produce). */
export function* parseJsonStream(text: string): Generator<JsonValue, void, undefined> {
  const p = new Parser(text);
  for (;;) {
    p.skipWs();
    if (p.pos >= text.length) return;
    yield p.value();
  }
}

const HEX = "0123456789ABCDEF";

/** Jackson's string escaping: short forms for the usual controls, `\u00XX` with upper-case hex for the rest. */
export function quoteJson(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0c:
        out += "\\f";
        break;
      case 0x0d:
        out += "\\r";
        break;
      default:
        out += "\\u00" + HEX[c >> 4] + HEX[c & 15];
    }
  }
  return out + s.slice(start) + '"';
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
  if (typeof value === "string") return quoteJson(value);
  if (value instanceof JsonNumber) return numberText(value);
  if (Array.isArray(value)) return "[" + value.map(stringifyJson).join(",") + "]";
  let out = "{";
  let first = true;
  for (const [k, v] of value) {
    out += (first ? "" : ",") + quoteJson(k) + ":" + stringifyJson(v);
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
