/**
 * Jackson's JSON reading, shared by every component that stands in for a Java server. The grammar, what it
 * refuses and the words of its refusals are Jackson's (2.13 to 2.16 agree on all of them); what a value becomes is
 * left to a tree builder, because the REST proxy keeps Jackson's tree (members in arrival order, number text) while
 * Kafka Connect turns it into Java maps and numbers.
 */

/** Builds one kind of tree from what the parser reads. */
export interface JsonTreeBuilder<V> {
  /** Members in arrival order, repeated names included: what a repeat means is the tree's business. */
  object(members: [string, V][]): V;
  array(items: V[]): V;
  string(text: string): V;
  /** A number token with no fraction or exponent, e.g. `-12`. */
  integer(token: string): V;
  /** A number token with a fraction or an exponent, e.g. `1.5e3`. */
  floating(token: string): V;
  literal(value: boolean | null): V;
}

export interface JacksonReadOptions {
  /** Jackson refuses `007` unless told otherwise; Kafka Connect 3.6+ tells it otherwise (KAFKA-15012). */
  allowLeadingZeros?: boolean;
}

/** Malformed JSON, with the message Jackson gives (without the source location it appends). */
export class JacksonParseError extends Error {
  override name = "com.fasterxml.jackson.core.JsonParseException";
  /** Where in the text the parser stood when it gave up: just past the character it could not take. */
  end: number | undefined;
  /** For an object or array the input ended in: where it opened. */
  openedAt: number | undefined;
}

function unclosed(kind: "Object" | "Array", openedAt: number): JacksonParseError {
  const error = new JacksonParseError(`Unexpected end-of-input: expected close marker for ${kind}`);
  error.openedAt = openedAt;
  return error;
}

/** `[Source: …; line: L, column: C]` for a position: line from 1, column in bytes from 1. */
function redactedLocation(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = Buffer.byteLength(text.slice(lineStart, position)) + 1;
  return `[Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${line}, column: ${column}]`;
}

/**
 * The message Jackson 2.16 gives a parse error of a streamed source (Kafka Connect 3.7's REST API reads its
 * request bodies so): the source itself is not shown, only where the parser stood and, for an unclosed object or
 * array, where it opened.
 */
export function messageWithRedactedSource(text: string, error: JacksonParseError): string {
  const opened = error.openedAt === undefined ? "" : ` (start marker at ${redactedLocation(text, error.openedAt)})`;
  return `${error.message}${opened}\n at ${redactedLocation(text, error.end ?? text.length)}`;
}

const VALUE_EXPECTED = "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const TOKEN_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
// A run of string characters needing no attention (no quote, backslash or control character): skipped whole.
const PLAIN = /[ !#-[\]-\uffff]*/y;
// The rest of a bad token, as Jackson quotes it in "Unrecognized token".
const TOKEN_REST = /[^\s,:[\]{}"]*/y;
// Tokens Jackson knows as non-numeric numbers, refused unless a feature allows them.
const NON_NUMERIC = new Set(["NaN", "Infinity"]);
const ESCAPED: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A character that would make `true`, `false` or `null` a longer, unknown token. */
function isIdentifierPart(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;
}

/** How Jackson names a character in a message: `'x' (code 120)`, or `(CTRL-CHAR, code 10)` for a control. */
function describeChar(code: number): string {
  if (code < 0x20) return `(CTRL-CHAR, code ${code})`;
  const hex = code > 255 ? ` / 0x${code.toString(16)}` : "";
  return `'${String.fromCodePoint(code)}' (code ${code}${hex})`;
}

class Reader<V> {
  i = 0;
  /** The last token read, as Jackson names it: its end-of-input complaints inside a number quote it. */
  token = "null";
  constructor(
    readonly s: string,
    private readonly tree: JsonTreeBuilder<V>,
    private readonly leadingZeros: boolean,
  ) {}

  unexpected(comment: string, inNumber = false): JacksonParseError {
    const c = this.s.codePointAt(this.i);
    if (c === undefined) return new JacksonParseError(`Unexpected end-of-input: ${comment}`);
    if (c < 0x20 && !inNumber) {
      return new JacksonParseError(
        `Illegal character (${describeChar(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`,
      );
    }
    return new JacksonParseError(
      `Unexpected character (${describeChar(c)})${inNumber ? " in numeric value" : ""}: ${comment}`,
    );
  }

  skipWs(): void {
    while (this.i < this.s.length && isWs(this.s.charCodeAt(this.i))) this.i++;
  }

  /** A value where one must be: at the root, after a colon, in an array (`within` names the container). */
  value(within?: "Object" | "Array"): V {
    this.skipWs();
    const c = this.s.charCodeAt(this.i);
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) {
      const text = this.string();
      this.token = "VALUE_STRING";
      return this.tree.string(text);
    }
    if (c === 0x2d || isDigit(c)) return this.number();
    if (c === 0x74) return this.literal("true", true);
    if (c === 0x66) return this.literal("false", false);
    if (c === 0x6e) return this.literal("null", null);
    if (Number.isNaN(c)) {
      throw new JacksonParseError(
        within
          ? `Unexpected end-of-input within/between ${within} entries`
          : `Unexpected end-of-input: ${VALUE_EXPECTED}`,
      );
    }
    // A separator or close marker where a value belongs: Jackson names no value types then.
    if (c === 0x2c || c === 0x5d || c === 0x7d) throw this.unexpected("expected a value");
    if (c === 0x2b && this.i + 1 >= this.s.length)
      throw new JacksonParseError("Unexpected end-of-input in a Number value");
    if (c === 0x2b && isDigit(this.s.charCodeAt(this.i + 1))) {
      // Jackson 2.13 reads a leading plus as a sign and then complains about the minus sign it did not see.
      this.i++;
      throw this.unexpected("expected digit (0-9) to follow minus sign, for valid numeric value", true);
    }
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) throw this.unrecognizedToken(this.i);
    throw this.unexpected(VALUE_EXPECTED);
  }

  unrecognizedToken(start: number): JacksonParseError {
    TOKEN_REST.lastIndex = start;
    TOKEN_REST.test(this.s);
    const token = this.s.slice(start, TOKEN_REST.lastIndex);
    const error = NON_NUMERIC.has(token)
      ? new JacksonParseError(
          `Non-standard token '${token}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow`,
        )
      : new JacksonParseError(`Unrecognized token '${token}': was expecting ${TOKEN_EXPECTED}`);
    // Jackson reads one character past the token to see that it ended.
    error.end = Math.min(TOKEN_REST.lastIndex + 1, this.s.length);
    return error;
  }

  literal(word: string, value: boolean | null): V {
    const start = this.i;
    if (!this.s.startsWith(word, this.i)) throw this.unrecognizedToken(start);
    this.i += word.length;
    const next = this.s.charCodeAt(this.i);
    if (isIdentifierPart(next)) throw this.unrecognizedToken(start);
    this.token = value === null ? "VALUE_NULL" : value ? "VALUE_TRUE" : "VALUE_FALSE";
    return this.tree.literal(value);
  }

  object(): V {
    const openedAt = this.i++;
    this.token = "START_OBJECT";
    const members: [string, V][] = [];
    this.skipWs();
    if (this.s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      this.token = "END_OBJECT";
      return this.tree.object(members);
    }
    if (this.i >= this.s.length) throw unclosed("Object", openedAt);
    for (;;) {
      this.skipWs();
      if (this.i >= this.s.length) throw new JacksonParseError("Unexpected end-of-input within/between Object entries");
      if (this.s.charCodeAt(this.i) !== 0x22) throw this.unexpected("was expecting double-quote to start field name");
      const name = this.string("name");
      this.token = "FIELD_NAME";
      this.skipWs();
      if (this.i >= this.s.length) throw new JacksonParseError("Unexpected end-of-input within/between Object entries");
      if (this.s.charCodeAt(this.i) !== 0x3a)
        throw this.unexpected("was expecting a colon to separate field name and value");
      this.i++;
      members.push([name, this.value("Object")]);
      this.skipWs();
      const c = this.s.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        this.token = "END_OBJECT";
        return this.tree.object(members);
      }
      if (Number.isNaN(c)) throw unclosed("Object", openedAt);
      throw this.unexpected("was expecting comma to separate Object entries");
    }
  }

  array(): V {
    const openedAt = this.i++;
    this.token = "START_ARRAY";
    const items: V[] = [];
    this.skipWs();
    if (this.i >= this.s.length) throw unclosed("Array", openedAt);
    if (this.s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return this.tree.array(items);
    }
    for (;;) {
      items.push(this.value("Array"));
      this.skipWs();
      const c = this.s.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        this.token = "END_ARRAY";
        return this.tree.array(items);
      }
      if (Number.isNaN(c)) throw unclosed("Array", openedAt);
      throw this.unexpected("was expecting comma to separate Array entries");
    }
  }

  /** A string literal (the opening quote under the cursor), unescaped; `role` words Jackson's complaints. */
  string(role: "name" | "string value" = "string value"): string {
    const s = this.s;
    this.i++;
    let out = "";
    let start = this.i;
    for (;;) {
      // Produce bodies are mostly long plain strings: a sticky expression skips them far faster than a loop.
      PLAIN.lastIndex = this.i;
      if (PLAIN.test(s)) this.i = PLAIN.lastIndex;
      if (this.i >= s.length) {
        throw new JacksonParseError(`Unexpected end-of-input in ${role === "name" ? "field name" : "VALUE_STRING"}`);
      }
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) {
        throw new JacksonParseError(
          `Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in ${role}`,
        );
      }
      // A backslash.
      out += s.slice(start, this.i);
      this.i++;
      const e = s[this.i];
      if (e === undefined) throw new JacksonParseError("Unexpected end-of-input in character escape sequence");
      this.i++;
      const simple = ESCAPED[e];
      if (simple !== undefined) out += simple;
      else if (e === "u") out += String.fromCharCode(this.hex4());
      else {
        this.i--;
        throw new JacksonParseError(`Unrecognized character escape ${describeChar(s.codePointAt(this.i) ?? 0)}`);
      }
      start = this.i;
    }
  }

  hex4(): number {
    let code = 0;
    for (let n = 0; n < 4; n++) {
      const c = this.s.charCodeAt(this.i);
      const digit = isDigit(c) ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
      if (Number.isNaN(c)) throw new JacksonParseError("Unexpected end-of-input in character escape sequence");
      if (digit < 0) throw this.unexpected("expected a hex-digit for character escape sequence");
      code = code * 16 + digit;
      this.i++;
    }
    return code;
  }

  number(): V {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(this.i) === 0x2d) this.i++;
    const intStart = this.i;
    while (isDigit(s.charCodeAt(this.i))) this.i++;
    if (this.i === intStart) {
      if (this.i >= s.length) throw new JacksonParseError(`Unexpected end-of-input in ${this.token}`);
      if (s.charCodeAt(this.i) === 0x49) {
        TOKEN_REST.lastIndex = start;
        TOKEN_REST.test(s);
        const word = s.slice(start, TOKEN_REST.lastIndex);
        if (word === "-Infinity" || word === "-INF") {
          throw new JacksonParseError(
            `Non-standard token '${word}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow`,
          );
        }
      }
      throw this.unexpected("expected digit (0-9) to follow minus sign, for valid numeric value", true);
    }
    if (!this.leadingZeros && this.i - intStart > 1 && s.charCodeAt(intStart) === 0x30) {
      const error = new JacksonParseError("Invalid numeric value: Leading zeroes not allowed");
      // Jackson gives up as it reads the digit after the leading zero.
      error.end = intStart + 1;
      throw error;
    }
    let floating = false;
    if (s.charCodeAt(this.i) === 0x2e) {
      floating = true;
      this.i++;
      const fraction = this.i;
      while (isDigit(s.charCodeAt(this.i))) this.i++;
      if (this.i === fraction) {
        // At the end of input Jackson points at the decimal point itself.
        if (this.i >= s.length) this.i--;
        throw this.unexpected("Decimal point not followed by a digit", true);
      }
    }
    const e = s.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      floating = true;
      this.i++;
      const sign = s.charCodeAt(this.i);
      if (sign === 0x2b || sign === 0x2d) this.i++;
      const exponent = this.i;
      while (isDigit(s.charCodeAt(this.i))) this.i++;
      if (this.i === exponent) {
        if (this.i >= s.length) throw new JacksonParseError(`Unexpected end-of-input in ${this.token}`);
        throw this.unexpected("Exponent indicator not followed by a digit", true);
      }
    }
    const token = s.slice(start, this.i);
    this.token = floating ? "VALUE_NUMBER_FLOAT" : "VALUE_NUMBER_INT";
    return floating ? this.tree.floating(token) : this.tree.integer(token);
  }

  /** A number or literal at the root must be followed by white space or the end, not run on into more text. */
  rootValue(): V {
    const c = this.s.charCodeAt(this.i);
    const scalar = c === 0x2d || isDigit(c);
    const value = this.value();
    if (scalar && this.i < this.s.length && !isWs(this.s.charCodeAt(this.i))) {
      throw this.unexpected("Expected space separating root-level values");
    }
    return value;
  }
}

/**
 * Reads the first value of a document, as `ObjectMapper.readTree` does: what follows it is ignored. Returns
 * `undefined` for an empty or blank document (Jackson's "no content").
 */
export function readJackson<V>(
  text: string,
  tree: JsonTreeBuilder<V>,
  options: JacksonReadOptions = {},
): V | undefined {
  const reader = new Reader(text, tree, options.allowLeadingZeros ?? false);
  reader.skipWs();
  if (reader.i >= text.length) return undefined;
  try {
    return reader.rootValue();
  } catch (error) {
    throw placed(error, reader);
  }
}

/** Marks where a parse error happened, unless its thrower already did: past the character under the reader. */
function placed(error: unknown, reader: Reader<unknown>): unknown {
  if (error instanceof JacksonParseError && error.end === undefined) {
    const code = reader.s.codePointAt(reader.i);
    error.end = code === undefined ? reader.s.length : reader.i + (code > 0xffff ? 2 : 1);
  }
  return error;
}

/** Reads every value of a sequence of concatenated or blank-separated documents (a streamed request body). */
export function* readJacksonSequence<V>(
  text: string,
  tree: JsonTreeBuilder<V>,
  options: JacksonReadOptions = {},
): Generator<V, void, undefined> {
  const reader = new Reader(text, tree, options.allowLeadingZeros ?? false);
  for (;;) {
    reader.skipWs();
    if (reader.i >= text.length) return;
    let value: V;
    try {
      value = reader.value();
    } catch (error) {
      throw placed(error, reader);
    }
    yield value;
  }
}
