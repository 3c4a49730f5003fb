/**
 * A malformed document as Jackson refuses it: the message, where the parser stood, what it was inside, and the
 * locations Jackson writes for a source, which some of its messages quote.
 */

/** An object or array the parser was inside: Jackson's parsing context. */
export interface OpenContainer {
  kind: "Object" | "Array";
  /** Where its `{` or `[` stands in the text. */
  openedAt: number;
}

/** Malformed JSON, with the message Jackson gives (without the source location it appends). */
export class JacksonParseError extends Error {
  override name = "com.fasterxml.jackson.core.JsonParseException";
  /** Where in the text the parser stood when it gave up: just past the character it could not take. */
  end: number | undefined;
  /** For an object or array the input ended in: where it opened. */
  openedAt: number | undefined;
  /** The message goes on to name where the container being closed (the innermost open one, or the root) started. */
  closeMarker = false;
  /** The containers the parser was inside when it gave up, outermost first; empty at the root. */
  open: OpenContainer[] = [];
  /**
   * It gave up on a root value's first token, the one `JsonParser.nextToken()` reads before any deserializer runs
   * (a number or literal is its own first token; an object, array or string starts with one that cannot fail).
   */
  firstToken = false;
  /**
   * The innermost container had an entry when the parser gave up (Jackson counts the one it failed in, but not a
   * close marker of the wrong kind), so reading on, a comma must come before the next.
   */
  entryRead = true;
  /** It gave up inside a multi-byte character (having read only its first bytes): the next byte of it. */
  nextByte: number | undefined;
  /** How many bytes of the character before `end` it had not read then. */
  unreadBytes = 0;
}

/** How Jackson names the source of a document in a location. */
export interface JacksonSource {
  /** What follows `[Source: `: `(class.Name)` of the stream it read, or Jackson 2.16's redaction notice. */
  description: string;
  /** Bytes Jackson read before the text and counts in the first line's columns: a byte-order mark it skipped. */
  skippedBytes?: number;
}

/** Jackson 2.16 leaves the source out of locations by default. */
const REDACTED: JacksonSource = {
  description: "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)",
};

/**
 * `[Source: …; line: L, column: C]` for a position, as Jackson counts for a byte source: lines from 1 (a CR, LF or
 * CRLF ends one), columns in bytes from 1. `undefined` is the root context, which Jackson places at column 0.
 * `unreadBytes` are the last bytes before `position` of a character Jackson stopped inside.
 */
export function jacksonLocation(
  text: string,
  position: number | undefined,
  source: JacksonSource,
  unreadBytes = 0,
): string {
  if (position === undefined) return `[Source: ${source.description}; line: 1, column: 0]`;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const skipped = line === 1 ? (source.skippedBytes ?? 0) : 0;
  const column = skipped + Buffer.byteLength(text.slice(lineStart, position)) - unreadBytes + 1;
  return `[Source: ${source.description}; line: ${line}, column: ${column}]`;
}

/**
 * Jackson's own message (`getOriginalMessage()`), which for an unclosed or wrongly closed container quotes where
 * that container started, naming the source as the server's Jackson saw it.
 */
export function originalMessage(text: string, error: JacksonParseError, source: JacksonSource): string {
  if (error.openedAt !== undefined) {
    return `${error.message} (start marker at ${jacksonLocation(text, error.openedAt, source)})`;
  }
  if (error.closeMarker) {
    const container = error.open.at(-1);
    const where = jacksonLocation(text, container?.openedAt, source);
    return `${error.message} (for ${container?.kind ?? "root"} starting at ${where})`;
  }
  return error.message;
}

/**
 * The message Jackson 2.16 gives a parse error of a streamed source (Kafka Connect 3.7's REST API reads its
 * request bodies so): the source itself is not shown, only where the parser stood and, for an unclosed object or
 * array, where it opened.
 */
export function messageWithRedactedSource(text: string, error: JacksonParseError): string {
  const at = jacksonLocation(text, error.end ?? text.length, REDACTED, error.unreadBytes);
  return `${originalMessage(text, error, REDACTED)}\n at ${at}`;
}
