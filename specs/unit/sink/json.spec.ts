import { describe, expect, it } from "vitest";
import { javaDoubleToString } from "../../../harness/java/java-number.ts";
import { jacksonQuote } from "../../../harness/java/json-escape.ts";
import { parseJacksonValue } from "../../../harness/components/sink/json/jackson-parse.ts";
import { writeJackson } from "../../../harness/components/sink/json/java-value.ts";
import { jsonFormat } from "../../../harness/components/sink/format/json.ts";
import { makeConverter, JSON_CONVERTER, STRING_CONVERTER } from "../../../harness/components/sink/converters.ts";

const line = (json: string | Buffer): string => {
  const v = parseJacksonValue(typeof json === "string" ? Buffer.from(json) : json);
  return v === undefined ? "<null>" : writeJackson(v);
};

describe("Java Double.toString", () => {
  it.each([
    [1.5, "1.5"],
    [100, "100.0"],
    [12345678.9, "1.23456789E7"],
    [1e7, "1.0E7"],
    [0.0001, "1.0E-4"],
    [0.001, "0.001"],
    [9999999, "9999999.0"],
    [-0, "-0.0"],
    [0, "0.0"],
    [123.456, "123.456"],
    [1e21, "1.0E21"],
    [-2.5e-5, "-2.5E-5"],
    [Number.MIN_VALUE, "4.9E-324"],
    [Number.MAX_VALUE, "1.7976931348623157E308"],
    [21.5, "21.5"],
  ])("%s -> %s", (d, text) => expect(javaDoubleToString(d)).toBe(text));
});

describe("schemaless JSON numbers (checklist 9)", () => {
  it.each([
    ["1.50", "1.5"],
    ["1e2", "100.0"],
    ["-0.0", "0.0"],
    ["-1e-400", "-0.0"],
    ["12345678.9", "1.23456789E7"],
    ["0.0001", "1.0E-4"],
    ["1e400", '"Infinity"'],
    ["-1e400", '"-Infinity"'],
    ["9223372036854775808", "-9223372036854775808"],
    ["18446744073709551616", "0"],
    ["-0", "0"],
    ["007", "7"],
    ["[1E+2,-3]", "[100.0,-3]"],
  ])("%s -> %s", (input, out) => expect(line(input)).toBe(out));
});

describe("Jackson parsing (checklist 8)", () => {
  it("keeps the last value of a duplicate key at its first position", () => {
    expect(line('{"b":1,"a":2,"b":3}')).toBe('{"a":2,"b":3}');
  });
  it.each([
    ['{"a":1}xyz', '{"a":1}'],
    ["[3,1,2]", "[3,1,2]"],
    ['"str"', '"str"'],
    ['"a"b', '"a"'],
    ["[1]x", "[1]"],
    ["1 2", "1"],
    ["true]", "true"],
    ["null", "null"],
    ["", "<null>"],
    [" \n\t", "<null>"],
    ["\ufeff{}", "{}"],
  ])("accepts %j", (input, out) => expect(line(input)).toBe(out));
  it.each([
    "123abc",
    "1]",
    "1.5x",
    "0x10",
    "truex",
    "NaN",
    "{'a':1}",
    "[1,2,]",
    "+1",
    ".5",
    "1.",
    "{",
    '{"a":',
    "[1 2]",
    '"\u0001"',
    '"\\x"',
  ])("rejects %j", (input) => expect(() => parseJacksonValue(Buffer.from(input))).toThrow());
});

describe("Jackson string escaping (checklist 10)", () => {
  it("escapes control characters and surrogates, keeps the rest raw", () => {
    const out = Buffer.from(line('{"s":"\\u0000\\u0001\\u001f\\u007f\\u0080\\u00e9\\u2028\\u20ac"}') + "\n", "utf8");
    const expected = Buffer.concat([
      Buffer.from('{"s":"\\u0000\\u0001\\u001F'),
      Buffer.from([0x7f, 0xc2, 0x80, 0xc3, 0xa9, 0xe2, 0x80, 0xa8, 0xe2, 0x82, 0xac]),
      Buffer.from('"}\n'),
    ]);
    expect(out.equals(expected)).toBe(true);
  });
  it("escapes each surrogate unit on its own, in keys too", () => {
    expect(line('{"😀":1}')).toBe('{"\\uD83D\\uDE00":1}');
    expect(jacksonQuote("\ud800")).toBe('"\\uD800"');
    expect(jacksonQuote('a/b"c\\\b\t\n\f\r')).toBe('"a/b\\"c\\\\\\b\\t\\n\\f\\r"');
  });
});

describe("converters into JsonFormat (checklist 11)", () => {
  const json = jsonFormat();
  it("writes StringConverter values as JSON strings", () => {
    const c = makeConverter(STRING_CONVERTER, {});
    expect(json.encode(c(Buffer.from('{"a":1}'))).toString("hex")).toBe("227b5c22615c223a317d220a");
    expect(json.encode(c(Buffer.alloc(0))).toString()).toBe('""\n');
    expect(c(null).value).toBeNull();
  });
  it("needs the envelope when schemas are enabled", () => {
    const c = makeConverter(JSON_CONVERTER, {});
    expect(() => c(Buffer.from('{"a":1}'))).toThrow(
      /JsonConverter with schemas.enable requires "schema" and "payload"/,
    );
    expect(json.encode(c(Buffer.from('{"schema":null,"payload":{"b":1,"a":2}}'))).toString()).toBe('{"a":2,"b":1}\n');
  });
  it("reports parse errors with Connect's message", () => {
    const c = makeConverter(JSON_CONVERTER, { "schemas.enable": "false" });
    expect(() => c(Buffer.from("123abc"))).toThrow(
      "Converting byte[] to Kafka Connect data failed due to serialization error: ",
    );
    expect(c(Buffer.from(" ")).value).toBeNull();
  });
});
