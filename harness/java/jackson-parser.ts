/**
 * Jackson's JSON reading, shared by every component that stands in for a Java server. The grammar, what it
 * refuses and the words of its refusals are Jackson 2.14's (the REST proxy 7.2.15's), read from a byte stream: a
 * non-ASCII character where Jackson checks a raw byte is named by that byte. 2.16 (Kafka Connect's) words them
 * alike. What a value becomes is left to a tree builder, because the REST
 * proxy keeps Jackson's tree (members in arrival order, number text) while Kafka Connect turns it into Java maps
 * and numbers.
 */

import { JacksonParseError, type OpenContainer } from "./jackson-parse-error.ts";
import {
  describeChar,
  firstUtf8Byte,
  isJavaIdentifierPart,
  isJavaIdentifierStart,
  javaChar,
  utf8Byte,
} from "./jackson-chars.ts";

export {
  JacksonParseError,
  jacksonLocation,
  messageWithRedactedSource,
  originalMessage,
  type JacksonSource,
  type OpenContainer,
} from "./jackson-parse-error.ts";

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
  /**
   * Report a close marker of the wrong kind (`[1}`, `{"a":1]`, a `]` at the root) as Jackson does: "Unexpected
   * close marker" naming where the container it would close started. That message quotes the source, so only a
   * caller that renders the source as its server's Jackson saw it asks for it; without it such input is refused
   * as an unexpected character.
   */
  closeMarkers?: boolean;
}

function unclosed(kind: "Object" | "Array", openedAt: number): JacksonParseError {
  const error = new JacksonParseError(`Unexpected end-of-input: expected close marker for ${kind}`);
  error.openedAt = openedAt;
  return error;
}

const VALUE_EXPECTED = "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const TOKEN_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
// A run of string characters needing no attention (no quote, backslash or control character): skipped whole.
const PLAIN = /[ !#-[\]-\uffff]*/y;
// The rest of a signed non-numeric number (`-Infinity`), as Jackson quotes it.
const TOKEN_REST = /[^\s,:[\]{}"]*/y;
// Jackson quotes at most this many characters of an unrecognized token, then "...".
const MAX_ERROR_TOKEN_LENGTH = 256;
// Tokens Jackson knows as non-numeric numbers, refused unless a feature allows them.
const NON_NUMERIC = new Set(["NaN", "Infinity"]);
const ESCAPED: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Where Jackson meets the character it complains about, which decides how it names it: after skipping white
 * space (where a control character is an illegal one) or not; as the raw byte (a non-ASCII character is its
 * first UTF-8 byte read as Latin-1) or decoded (narrowed to one UTF-16 unit, as a field name's start is).
 */
type Site = "token" | "name" | "number" | "plain";

class Reader<V> {
  i = 0;
  /** The last token read, as Jackson names it: its end-of-input complaints inside a number quote it. */
  token = "null";
  /** The containers around the cursor, outermost first; left as they were when an error unwinds the reader. */
  readonly open: OpenContainer[] = [];
  /** The current root value has gone past its first token (into an object, array or string). */
  entered = false;
  private readonly leadingZeros: boolean;
  private readonly closeMarkers: boolean;
  constructor(
    readonly s: string,
    private readonly tree: JsonTreeBuilder<V>,
    options: JacksonReadOptions,
  ) {
    this.leadingZeros = options.allowLeadingZeros ?? false;
    this.closeMarkers = options.closeMarkers ?? false;
  }

  /**
   * Jackson checks for a close marker before anything else wherever a container may end or the root begins; one
   * of the wrong kind fails before the container counts another entry (`entryRead` says whether it had one).
   */
  checkCloseMarker(c: number, entryRead: boolean): void {
    if (!this.closeMarkers || (c !== 0x5d && c !== 0x7d)) return;
    const error = new JacksonParseError(
      `Unexpected close marker '${String.fromCharCode(c)}': expected '${c === 0x5d ? "}" : "]"}'`,
    );
    error.closeMarker = true;
    error.entryRead = entryRead;
    throw error;
  }

  unexpected(comment: string, site: Site = "token"): JacksonParseError {
    const c = this.s.codePointAt(this.i);
    if (c === undefined) return new JacksonParseError(`Unexpected end-of-input: ${comment}`);
    if (c < 0x20 && (site === "token" || site === "name")) {
      return new JacksonParseError(
        `Illegal character (${describeChar(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`,
      );
    }
    const named = site === "name" ? javaChar(c) : firstUtf8Byte(c);
    const error = new JacksonParseError(
      `Unexpected character (${describeChar(named)})${site === "number" ? " in numeric value" : ""}: ${comment}`,
    );
    // Read as a raw byte, a non-ASCII character is left half read.
    if (site !== "name" && c >= 0x80) {
      error.nextByte = utf8Byte(c, 1);
      error.unreadBytes = Buffer.byteLength(String.fromCodePoint(c)) - 1;
    }
    return error;
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
    // A separator or close marker where a value belongs: Jackson names no value types then, but for a `]`
    // outside an array, which it takes for any other stray character.
    if (c === 0x2c || c === 0x7d || (c === 0x5d && within !== "Object")) throw this.unexpected("expected a value");
    if (c === 0x2b && this.i + 1 >= this.s.length)
      throw new JacksonParseError("Unexpected end-of-input in a Number value");
    if (c === 0x2b && isDigit(this.s.charCodeAt(this.i + 1))) {
      // Jackson 2.14 and later (the REST proxy's 2.14.2, Connect's 2.16) name the plus sign, once they have read
      // the digit after it. (2.13 complained instead of a minus sign it did not see.)
      const error = this.unexpected(
        "JSON spec does not allow numbers to have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow",
        "number",
      );
      error.end = this.i + 2;
      throw error;
    }
    // Jackson takes a stray byte that reads as a letter for the start of a token.
    const lead = firstUtf8Byte(this.s.codePointAt(this.i) ?? 0);
    if (isJavaIdentifierStart(lead)) {
      if (lead < 0x80) throw this.unrecognizedToken(this.i);
      // A non-ASCII character's first byte does, and the token then goes on at its second byte, which Jackson
      // cannot decode on its own.
      const c = this.s.codePointAt(this.i) ?? 0;
      const error = new JacksonParseError(`Invalid UTF-8 start byte 0x${utf8Byte(c, 1)?.toString(16)}`);
      error.end = this.i + (c > 0xffff ? 2 : 1);
      error.nextByte = utf8Byte(c, 2);
      error.unreadBytes = Math.max(0, Buffer.byteLength(String.fromCodePoint(c)) - 2);
      throw error;
    }
    throw this.unexpected(VALUE_EXPECTED);
  }

  /**
   * Jackson's "Unrecognized token": the token from `start` on, as far as characters can be part of a Java
   * identifier; the one that ends it is read too.
   */
  unrecognizedToken(start: number): JacksonParseError {
    let i = start;
    let token = "";
    for (;;) {
      const c = this.s.codePointAt(i);
      if (c === undefined) break;
      i += c > 0xffff ? 2 : 1;
      if (!isJavaIdentifierPart(javaChar(c))) break;
      token += String.fromCharCode(javaChar(c));
      if (token.length >= MAX_ERROR_TOKEN_LENGTH) {
        token += "...";
        break;
      }
    }
    const error = NON_NUMERIC.has(token)
      ? new JacksonParseError(
          `Non-standard token '${token}': enable \`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS\` to allow`,
        )
      : new JacksonParseError(`Unrecognized token '${token}': was expecting ${TOKEN_EXPECTED}`);
    error.end = i;
    return error;
  }

  literal(word: string, value: boolean | null): V {
    const start = this.i;
    if (!this.s.startsWith(word, this.i)) throw this.unrecognizedToken(start);
    this.i += word.length;
    // Jackson looks at what follows only when its byte is at least '0' and not a close marker.
    const next = this.s.codePointAt(this.i);
    const checked = next !== undefined && firstUtf8Byte(next) >= 0x30 && next !== 0x5d && next !== 0x7d;
    if (checked && isJavaIdentifierPart(javaChar(next))) throw this.unrecognizedToken(start);
    this.token = value === null ? "VALUE_NULL" : value ? "VALUE_TRUE" : "VALUE_FALSE";
    return this.tree.literal(value);
  }

  object(): V {
    const openedAt = this.i++;
    this.entered = true;
    this.open.push({ kind: "Object", openedAt });
    this.token = "START_OBJECT";
    return this.objectRest(openedAt, false);
  }

  /**
   * The rest of an object, the cursor past its `{` or, when `entryRead`, past an entry: members, then `}`.
   * Jackson looks for a close marker before anything else there.
   */
  objectRest(openedAt: number, entryRead: boolean): V {
    const members: [string, V][] = [];
    this.skipWs();
    if (entryRead) {
      if (this.afterEntry("Object", openedAt)) return this.closed("END_OBJECT", this.tree.object(members));
    } else {
      const c = this.s.charCodeAt(this.i);
      if (c === 0x7d) return this.closed("END_OBJECT", this.tree.object(members));
      if (Number.isNaN(c)) throw unclosed("Object", openedAt);
      this.checkCloseMarker(c, false);
    }
    for (;;) {
      this.skipWs();
      if (this.i >= this.s.length) throw new JacksonParseError("Unexpected end-of-input within/between Object entries");
      if (this.s.charCodeAt(this.i) !== 0x22) {
        throw this.unexpected("was expecting double-quote to start field name", "name");
      }
      const name = this.string("name");
      this.token = "FIELD_NAME";
      this.skipWs();
      if (this.i >= this.s.length) throw new JacksonParseError("Unexpected end-of-input within/between Object entries");
      if (this.s.charCodeAt(this.i) !== 0x3a)
        throw this.unexpected("was expecting a colon to separate field name and value");
      this.i++;
      members.push([name, this.value("Object")]);
      this.skipWs();
      if (this.afterEntry("Object", openedAt)) return this.closed("END_OBJECT", this.tree.object(members));
    }
  }

  array(): V {
    const openedAt = this.i++;
    this.entered = true;
    this.open.push({ kind: "Array", openedAt });
    this.token = "START_ARRAY";
    return this.arrayRest(openedAt, false);
  }

  /** The rest of an array, the cursor past its `[` or, when `entryRead`, past an item: items, then `]`. */
  arrayRest(openedAt: number, entryRead: boolean): V {
    const items: V[] = [];
    this.skipWs();
    if (entryRead) {
      if (this.afterEntry("Array", openedAt)) return this.closed("END_ARRAY", this.tree.array(items));
    } else {
      const c = this.s.charCodeAt(this.i);
      if (Number.isNaN(c)) throw unclosed("Array", openedAt);
      if (c === 0x5d) return this.closed("END_ARRAY", this.tree.array(items));
      this.checkCloseMarker(c, false);
    }
    for (;;) {
      items.push(this.value("Array"));
      this.skipWs();
      if (this.afterEntry("Array", openedAt)) return this.closed("END_ARRAY", this.tree.array(items));
    }
  }

  /** After an entry, white space skipped: `true` at the container's close marker, else past the comma. */
  afterEntry(kind: "Object" | "Array", openedAt: number): boolean {
    const c = this.s.charCodeAt(this.i);
    if (c === 0x2c) {
      this.i++;
      return false;
    }
    if (c === (kind === "Object" ? 0x7d : 0x5d)) return true;
    if (Number.isNaN(c)) throw unclosed(kind, openedAt);
    this.checkCloseMarker(c, true);
    throw this.unexpected(`was expecting comma to separate ${kind} entries`);
  }

  /** Past the close marker under the cursor: the container is done. */
  closed(token: "END_OBJECT" | "END_ARRAY", value: V): V {
    this.i++;
    this.token = token;
    this.open.pop();
    return value;
  }

  /**
   * Reads on after a failure as a `MappingIterator` skips what is left of a value that failed (its resync):
   * from where Jackson's parser stood, to the end of every container it was inside, discarding what it reads.
   */
  resync(error: JacksonParseError): void {
    const innermost = error.open.at(-1);
    if (error.nextByte !== undefined && innermost) {
      // Inside a container, after an entry, the rest of a character is a byte where a comma belongs.
      throw new JacksonParseError(
        `Unexpected character (${describeChar(error.nextByte)}): was expecting comma to separate ${innermost.kind} entries`,
      );
    }
    this.i = error.end ?? this.s.length;
    this.open.splice(0, this.open.length, ...error.open);
    // The iterator clears the current token after a failed value.
    this.token = "null";
    let entryRead = error.entryRead;
    for (const container of [...error.open].reverse()) {
      if (container.kind === "Object") this.objectRest(container.openedAt, entryRead);
      else this.arrayRest(container.openedAt, entryRead);
      entryRead = true;
    }
  }

  /** A string literal (the opening quote under the cursor), unescaped; `role` words Jackson's complaints. */
  string(role: "name" | "string value" = "string value"): string {
    const s = this.s;
    this.entered = true;
    this.i++;
    // A name with nothing after its opening quote ends in Jackson's short-input path, which words it otherwise.
    if (role === "name" && this.i >= s.length) {
      throw new JacksonParseError(`Unexpected end-of-input: was expecting closing '"' for name`);
    }
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
        throw new JacksonParseError(
          `Unrecognized character escape ${describeChar(javaChar(s.codePointAt(this.i) ?? 0))}`,
        );
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
      if (digit < 0) throw this.unexpected("expected a hex-digit for character escape sequence", "plain");
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
            `Non-standard token '${word}': enable \`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS\` to allow`,
          );
        }
      }
      throw this.unexpected("expected digit (0-9) to follow minus sign, for valid numeric value", "number");
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
        throw this.unexpected("Decimal point not followed by a digit", "number");
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
        throw this.unexpected("Exponent indicator not followed by a digit", "number");
      }
    }
    const token = s.slice(start, this.i);
    this.token = floating ? "VALUE_NUMBER_FLOAT" : "VALUE_NUMBER_INT";
    return floating ? this.tree.floating(token) : this.tree.integer(token);
  }

  /**
   * A root value, the cursor on its first character. A number or literal there must be followed by white space or
   * the end, not run on into more text.
   */
  rootValue(): V {
    const c = this.s.charCodeAt(this.i);
    this.checkCloseMarker(c, false);
    const scalar = c === 0x2d || isDigit(c);
    const value = this.value();
    if (scalar && this.i < this.s.length && !isWs(this.s.charCodeAt(this.i))) {
      throw this.unexpected("Expected space separating root-level values", "plain");
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
  const reader = new Reader(text, tree, options);
  reader.skipWs();
  if (reader.i >= text.length) return undefined;
  try {
    return reader.rootValue();
  } catch (error) {
    throw placed(error, reader);
  }
}

/**
 * Marks where a parse error happened (unless its thrower already did: past the character under the reader) and
 * what the reader was inside.
 */
function placed(error: unknown, reader: Reader<unknown>): unknown {
  if (error instanceof JacksonParseError) {
    if (error.end === undefined) {
      const code = reader.s.codePointAt(reader.i);
      error.end = code === undefined ? reader.s.length : reader.i + (code > 0xffff ? 2 : 1);
    }
    error.open = [...reader.open];
    error.firstToken = !reader.entered;
  }
  return error;
}

/** One value of a sequence as a `MappingIterator` delivers it: the value, or the failure reading it. */
export type SequenceItem<V> =
  | { ok: true; value: V }
  | {
      ok: false;
      error: JacksonParseError;
      /** The iterator itself failed, looking for the next value; nothing follows. */
      fatal: boolean;
    };

/**
 * Reads every value of a sequence of concatenated or blank-separated documents (a streamed request body) as a
 * `MappingIterator` over one parser does. Each value starts with no current token, which Jackson's end-of-input
 * complaints name. A failure on a value's first token fails the iterator; one further in fails the value, and the
 * iterator skips the rest of it (reading on from where the parser stood, where that too may fail) before the next.
 * After a failure inside a multi-byte character at the root the sequence stops: that skip is not modelled.
 */
export function* readJacksonSequence<V>(
  text: string,
  tree: JsonTreeBuilder<V>,
  options: JacksonReadOptions = {},
): Generator<SequenceItem<V>, void, undefined> {
  const reader = new Reader(text, tree, options);
  for (;;) {
    reader.skipWs();
    if (reader.i >= text.length) return;
    reader.token = "null";
    reader.entered = false;
    let value: V;
    try {
      value = reader.rootValue();
    } catch (thrown) {
      const error = placed(thrown, reader);
      if (!(error instanceof JacksonParseError)) throw error;
      yield { ok: false, error, fatal: error.firstToken };
      if (error.firstToken || (error.nextByte !== undefined && error.open.length === 0)) return;
      try {
        reader.resync(error);
      } catch (again) {
        const skipped = placed(again, reader);
        if (!(skipped instanceof JacksonParseError)) throw skipped;
        yield { ok: false, error: skipped, fatal: true };
        return;
      }
      continue;
    }
    yield { ok: true, value };
  }
}
