import { hashMapEntries } from "../../../java/hashmap-order.ts";
import { javaDoubleFromToken, javaLongFromToken } from "../../../java/java-number.ts";
import { JavaMap, type JavaValue } from "./java-value.ts";

/** A Jackson parse failure; `message` follows Jackson's wording closely enough to read in a task trace. */
export class JsonParseError extends Error {
  override name = "com.fasterxml.jackson.core.JsonParseException";
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export interface ParseOptions {
  /** Connect 3.6+ enables leading zeros in numbers (KAFKA-15012); 2.7.1 rejects them. Default true. */
  allowLeadingZeros?: boolean;
}

/**
 * Parses bytes the way Kafka's JsonConverter (schemas disabled) reads them: Jackson `readTree` with
 * BigDecimal floats, then conversion to Java values. Only the first root value is read; what follows it is
 * ignored, except that a root number or literal must not run on into other characters.
 * Returns `undefined` for empty or whitespace-only input (a null value).
 */
export function parseJacksonValue(bytes: Uint8Array, options: ParseOptions = {}): JavaValue | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new JsonParseError("Invalid UTF-8 start byte");
  }
  return new Parser(text, options.allowLeadingZeros ?? true).root();
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isIdentPart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly leadingZeros: boolean,
  ) {}

  root(): JavaValue | undefined {
    this.skipWs();
    if (this.i >= this.s.length) return undefined;
    const c = this.s.charCodeAt(this.i);
    const scalarRoot = c === 0x2d || (c >= 0x30 && c <= 0x39);
    const value = this.value();
    if (scalarRoot && this.i < this.s.length && !isWs(this.s.charCodeAt(this.i))) {
      throw this.fail(`Expected space separating root-level values`);
    }
    return value;
  }

  private fail(msg: string): JsonParseError {
    const c = this.s.codePointAt(this.i);
    const what = c === undefined ? "end-of-input" : `'${String.fromCodePoint(c)}' (code ${c})`;
    return new JsonParseError(`Unexpected character (${what}): ${msg}`);
  }

  private skipWs(): void {
    while (this.i < this.s.length && isWs(this.s.charCodeAt(this.i))) this.i++;
  }

  private value(): JavaValue {
    this.skipWs();
    const c = this.s.charCodeAt(this.i);
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74) return this.literal("true", true);
    if (c === 0x66) return this.literal("false", false);
    if (c === 0x6e) return this.literal("null", null);
    if (Number.isNaN(c)) throw new JsonParseError("Unexpected end-of-input: expected a value");
    throw this.fail("expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
  }

  private literal(word: string, v: JavaValue): JavaValue {
    if (!this.s.startsWith(word, this.i)) throw this.fail(`Unrecognized token: was expecting '${word}'`);
    this.i += word.length;
    if (this.i < this.s.length && isIdentPart(this.s.charCodeAt(this.i))) {
      throw this.fail(
        `Unrecognized token: was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      );
    }
    return v;
  }

  private object(): JavaMap {
    this.i++;
    const entries: [string, JavaValue][] = [];
    this.skipWs();
    if (this.s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return new JavaMap([]);
    }
    for (;;) {
      this.skipWs();
      if (this.s.charCodeAt(this.i) !== 0x22) throw this.fail("was expecting double-quote to start field name");
      const key = this.string();
      this.skipWs();
      if (this.s.charCodeAt(this.i) !== 0x3a) throw this.fail("was expecting a colon to separate field name and value");
      this.i++;
      entries.push([key, this.value()]);
      this.skipWs();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 0x2c) continue;
      if (c === 0x7d) break;
      this.i--;
      throw this.fail("was expecting comma to separate Object entries");
    }
    return new JavaMap(hashMapEntries(entries));
  }

  private array(): JavaValue[] {
    this.i++;
    const out: JavaValue[] = [];
    this.skipWs();
    if (this.s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 0x2c) continue;
      if (c === 0x5d) return out;
      this.i--;
      throw this.fail("was expecting comma to separate Array entries");
    }
  }

  private string(): string {
    const start = ++this.i;
    const s = this.s;
    // Fast path: no escapes.
    let j = start;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 0x22) {
        this.i = j + 1;
        return s.slice(start, j);
      }
      if (c === 0x5c || c < 0x20) break;
    }
    let out = s.slice(start, j);
    this.i = j;
    for (;;) {
      if (this.i >= s.length)
        throw new JsonParseError("Unexpected end-of-input: was expecting closing quote for a string value");
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        this.i++;
        return out;
      }
      if (c < 0x20)
        throw this.fail("Illegal unquoted character: has to be escaped using backslash to be included in string value");
      if (c !== 0x5c) {
        out += s[this.i++];
        continue;
      }
      const e = s[this.i + 1];
      this.i += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case "\\":
          out += "\\";
          break;
        case "/":
          out += "/";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const h = s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) throw this.fail("expected a hex-digit for character escape sequence");
          out += String.fromCharCode(parseInt(h, 16));
          this.i += 4;
          break;
        }
        default:
          this.i--;
          throw this.fail("Unrecognized character escape");
      }
    }
  }

  private number(): JavaValue {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(this.i) === 0x2d) this.i++;
    const intStart = this.i;
    while (this.i < s.length && s.charCodeAt(this.i) >= 0x30 && s.charCodeAt(this.i) <= 0x39) this.i++;
    if (this.i === intStart) throw this.fail("expected digit (0-9) to follow minus sign, for valid numeric value");
    if (!this.leadingZeros && this.i - intStart > 1 && s.charCodeAt(intStart) === 0x30) {
      throw new JsonParseError("Invalid numeric value: Leading zeroes not allowed");
    }
    let floating = false;
    if (s.charCodeAt(this.i) === 0x2e) {
      floating = true;
      this.i++;
      const f = this.i;
      while (this.i < s.length && s.charCodeAt(this.i) >= 0x30 && s.charCodeAt(this.i) <= 0x39) this.i++;
      if (this.i === f) throw this.fail("Decimal point not followed by a digit");
    }
    const e = s.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      floating = true;
      this.i++;
      const sign = s.charCodeAt(this.i);
      if (sign === 0x2b || sign === 0x2d) this.i++;
      const x = this.i;
      while (this.i < s.length && s.charCodeAt(this.i) >= 0x30 && s.charCodeAt(this.i) <= 0x39) this.i++;
      if (this.i === x) throw this.fail("Exponent indicator not followed by a digit");
    }
    const token = s.slice(start, this.i);
    return floating ? javaDoubleFromToken(token) : javaLongFromToken(token);
  }
}
