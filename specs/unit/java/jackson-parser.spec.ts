import { describe, expect, it } from "vitest";
import {
  JacksonParseError,
  jacksonLocation,
  messageWithRedactedSource,
  originalMessage,
  readJacksonSequence,
  type JacksonSource,
  type JsonTreeBuilder,
} from "../../../harness/java/jackson-parser.ts";
import { JsonNumber, parseJson, stringifyJson, type JsonValue } from "../../../harness/java/jackson-tree.ts";

// The expected words are real Jackson 2.14's for a body read from a java.io.ByteArrayInputStream, a JDK class it
// names without its package.
const STREAM: JacksonSource = { description: "(ByteArrayInputStream)" };

function refusal(text: string, closeMarkers = false): JacksonParseError {
  try {
    parseJson(text, { closeMarkers });
  } catch (error) {
    if (error instanceof JacksonParseError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

const said = (text: string, closeMarkers = false): string => originalMessage(text, refusal(text, closeMarkers), STREAM);

describe("Jackson's locations in a byte stream", () => {
  it("counts lines at LF, CR and CRLF, and columns in bytes from 1", () => {
    expect(jacksonLocation('{"é😀":[', 7, STREAM)).toBe("[Source: (ByteArrayInputStream); line: 1, column: 11]");
    expect(jacksonLocation("{\r\n\r  [", 6, STREAM)).toBe("[Source: (ByteArrayInputStream); line: 3, column: 3]");
    expect(jacksonLocation("x", undefined, STREAM)).toBe("[Source: (ByteArrayInputStream); line: 1, column: 0]");
  });

  it("counts a byte-order mark Jackson skipped in the first line's columns only", () => {
    const bom = { ...STREAM, skippedBytes: 3 };
    expect(jacksonLocation("{", 0, bom)).toBe("[Source: (ByteArrayInputStream); line: 1, column: 4]");
    expect(jacksonLocation("\n{", 1, bom)).toBe("[Source: (ByteArrayInputStream); line: 2, column: 1]");
  });

  it("quotes where an unclosed container started", () => {
    expect(said('{\n  "a": [1\n')).toBe(
      "Unexpected end-of-input: expected close marker for Array (start marker at [Source: (ByteArrayInputStream); line: 2, column: 8])",
    );
  });

  it("names a close marker of the wrong kind, and where its container (or the root) started, when asked to", () => {
    expect(said('{"a":[1}', true)).toBe(
      "Unexpected close marker '}': expected ']' (for Array starting at [Source: (ByteArrayInputStream); line: 1, column: 6])",
    );
    expect(said('{"a":1]', true)).toBe(
      "Unexpected close marker ']': expected '}' (for Object starting at [Source: (ByteArrayInputStream); line: 1, column: 1])",
    );
    expect(said("[}", true)).toMatch(/^Unexpected close marker '}': expected ']' \(for Array starting at/);
    expect(said(" ]", true)).toBe(
      "Unexpected close marker ']': expected '}' (for root starting at [Source: (ByteArrayInputStream); line: 1, column: 0])",
    );
    // Callers that do not render a source (the sink, Connect's REST API) keep the older reading.
    expect(said('{"a":[1}')).toBe(
      "Unexpected character ('}' (code 125)): was expecting comma to separate Array entries",
    );
  });

  it("keeps Connect's redacted message as it was", () => {
    const text = '{"name":"s3","config":{"a":"b"}';
    expect(messageWithRedactedSource(text, refusal(text))).toBe(
      "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])\n" +
        " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 32]",
    );
  });
});

describe("Jackson's words where pinpipe's differed", () => {
  it("names a non-ASCII character by its first byte where Jackson reads a raw byte, decoded where it decodes", () => {
    expect(said("[1 é]")).toBe("Unexpected character ('Ã' (code 195)): was expecting comma to separate Array entries");
    expect(said('{"a" 😀}')).toBe(
      "Unexpected character ('ð' (code 240)): was expecting a colon to separate field name and value",
    );
    expect(said("{“a”:1}")).toBe(
      "Unexpected character ('“' (code 8220 / 0x201c)): was expecting double-quote to start field name",
    );
    expect(said('{"a":é}')).toBe("Invalid UTF-8 start byte 0xa9");
    expect(said("[1 \u007f]")).toBe(
      "Unexpected character ((CTRL-CHAR, code 127)): was expecting comma to separate Array entries",
    );
  });

  it("collects an unrecognized token as far as Java identifier characters go", () => {
    const expecting = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
    expect(said("truex!")).toBe(`Unrecognized token 'truex': ${expecting}`);
    expect(said("foo-bar")).toBe(`Unrecognized token 'foo': ${expecting}`);
    expect(said("[$x]")).toBe(`Unrecognized token '$x': ${expecting}`);
    expect(said('{"a":tru€}')).toBe(`Unrecognized token 'tru€': ${expecting}`);
    expect(refusal('{"a":tru€}').end).toBe('{"a":tru€}'.length);
  });

  it("words a `]` for a member's value and a name cut off right after its quote as Jackson does", () => {
    expect(said('{"a":]')).toBe(
      "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    );
    expect(said("[1,]")).toBe("Unexpected character (']' (code 93)): expected a value");
    expect(said('{"')).toBe(`Unexpected end-of-input: was expecting closing '"' for name`);
    expect(said('{"a')).toBe("Unexpected end-of-input in field name");
    expect(said("[[],-")).toBe("Unexpected end-of-input in END_ARRAY");
  });
});

describe("a sequence read as a MappingIterator reads it", () => {
  const tree: JsonTreeBuilder<JsonValue> = {
    object: (members) => new Map(members),
    array: (items) => items,
    string: (text) => text,
    integer: (token) => new JsonNumber(token),
    floating: (token) => new JsonNumber(token),
    literal: (value) => value,
  };
  /** `= value`, `! message` for a value that failed, `!! message` for the iterator failing. */
  const read = (text: string): string[] =>
    [...readJacksonSequence(text, tree, { closeMarkers: true })].map((item) =>
      item.ok
        ? `= ${stringifyJson(item.value)}`
        : `${item.fatal ? "!!" : "!"} ${originalMessage(text, item.error, STREAM)}`,
    );

  it("fails the iterator on a value's first token, and ends", () => {
    expect(read('{"a":1}-')).toEqual(['= {"a":1}', "!! Unexpected end-of-input in null"]);
    expect(read("1 2x 3")).toEqual([
      "= 1",
      "!! Unexpected character ('x' (code 120)): Expected space separating root-level values",
    ]);
  });

  it("skips the rest of a value that failed and goes on, or fails on what skipping meets", () => {
    expect(read('{"a":[1 2]}{"b":1}')).toEqual([
      "! Unexpected character ('2' (code 50)): was expecting comma to separate Array entries",
      '= {"b":1}',
    ]);
    expect(read('{"a":tru}{"b":1}')).toEqual([
      "! Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
      "!! Unexpected character ('{' (code 123)): was expecting comma to separate Object entries",
    ]);
    expect(read('{"a":"x\\qy"}{"b":1}')).toEqual([
      "! Unrecognized character escape 'q' (code 113)",
      "!! Unexpected character ('y' (code 121)): was expecting comma to separate Object entries",
    ]);
    expect(read("[1,é]{}")).toEqual(["! Invalid UTF-8 start byte 0xa9", "= {}"]);
  });

  it("meets the end of input inside the containers a failure left open", () => {
    expect(read('{"v":1}{"v":')).toEqual([
      '= {"v":1}',
      "! Unexpected end-of-input within/between Object entries",
      "!! Unexpected end-of-input: expected close marker for Object (start marker at [Source: (ByteArrayInputStream); line: 1, column: 8])",
    ]);
    expect(read('{"v":1}"abc')).toEqual(['= {"v":1}', "! Unexpected end-of-input in VALUE_STRING"]);
  });
});
