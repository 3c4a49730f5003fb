import { describe, expect, it } from "vitest";
import { bindInteger, bindString, notAnArray, notAnObject, tokenShape } from "../../../harness/java/jackson-binding.ts";
import { parseJson, type JsonValue } from "../../../harness/java/jackson-tree.ts";

// The expected words are Jackson 2.14's (the differential oracle's), for the types the REST proxy binds.
const json = (text: string): JsonValue => parseJson(text) as JsonValue;
const refusal = (bind: () => unknown): string => {
  try {
    bind();
  } catch (error) {
    return (error as Error).message;
  }
  return "bound";
};

describe("java.lang.Integer", () => {
  it("takes numbers within int range, dropping a fraction, and numeric strings as Java parses them", () => {
    expect(
      ["1", "-7", "1.5", "-0.5", "1e3", "null", '" 12 "', '"+1"', '""', '"   "', '"null"', '"٣٤"'].map((t) =>
        bindInteger(json(t)),
      ),
    ).toEqual([1, -7, 1, 0, 1000, undefined, 12, 1, undefined, undefined, undefined, 34]);
  });

  it("refuses the rest in Jackson's words", () => {
    expect(refusal(() => bindInteger(json("2147483647.9")))).toBe(
      "Numeric value (2147483647.9) out of range of int (-2147483648 - 2147483647)",
    );
    expect(refusal(() => bindInteger(json("9".repeat(1001))))).toBe(
      "Numeric value ([Integer with 1001 digits]) out of range of int (-2147483648 - 2147483647)",
    );
    expect(refusal(() => bindInteger(json('"x"')))).toBe(
      'Cannot deserialize value of type `java.lang.Integer` from String "x": not a valid `java.lang.Integer` value',
    );
    expect(refusal(() => bindInteger(json('"-3000000000"')))).toBe(
      'Cannot deserialize value of type `java.lang.Integer` from String "-3000000000": Overflow: numeric value (-3000000000) out of range of `java.lang.Integer` (-2147483648 -2147483647)',
    );
    expect(refusal(() => bindInteger(json('"12345678901234567890"')))).toMatch(
      /not a valid `java.lang.Integer` value$/,
    );
    expect(refusal(() => bindInteger(json("true")))).toBe(
      "Cannot deserialize value of type `java.lang.Integer` from Boolean value (token `JsonToken.VALUE_TRUE`)",
    );
    expect(refusal(() => bindInteger(json('"' + "x".repeat(1200) + '"')))).toContain(
      `${"x".repeat(500)}]...[${"x".repeat(500)}"`,
    );
  });
});

describe("java.lang.String, lists and classes bound through a creator", () => {
  it("reads a scalar's text as the string", () => {
    expect(["1.50", "false", '"s"', "null"].map((t) => bindString(json(t)))).toEqual(["1.50", "false", "s", undefined]);
    expect(refusal(() => bindString(json("{}")))).toBe(
      "Cannot deserialize value of type `java.lang.String` from Object value (token `JsonToken.START_OBJECT`)",
    );
  });

  it("words a list given a non-array", () => {
    const list = "java.util.ArrayList<X>";
    expect(notAnArray(list, json("1.5")).message).toBe(
      "Cannot deserialize value of type `java.util.ArrayList<X>` from Floating-point value (token `JsonToken.VALUE_NUMBER_FLOAT`)",
    );
    expect(notAnArray(list, json('" "')).message).toBe(
      "Cannot deserialize value of type `java.util.ArrayList<X>` from String value (token `JsonToken.VALUE_STRING`)",
    );
  });

  it("words a class given a scalar or an array, by the Java type the scalar reads as", () => {
    const cannot = "Cannot construct instance of `X` (although at least one Creator exists): no";
    expect(notAnObject("X", json("1")).message).toBe(
      `${cannot} int/Int-argument constructor/factory method to deserialize from Number value (1)`,
    );
    expect(notAnObject("X", json("-3000000000")).message).toContain("no long/Long-argument");
    expect(notAnObject("X", json("12345678901234567890")).message).toContain("no BigInteger-argument");
    expect(notAnObject("X", json("1e3")).message).toBe(
      `${cannot} double/Double-argument constructor/factory method to deserialize from Number value (1000.0)`,
    );
    expect(notAnObject("X", json('" x "')).message).toBe(
      `${cannot} String-argument constructor/factory method to deserialize from String value ('x')`,
    );
    expect(notAnObject("X", json('" "')).message).toBe(
      'Cannot coerce empty String ("") to `X` value (but could if coercion was enabled using `CoercionConfig`)',
    );
    expect(notAnObject("X", json("false")).message).toBe(
      `${cannot} boolean/Boolean-argument constructor/factory method to deserialize from boolean value (false)`,
    );
    expect(notAnObject("X", json("[]")).message).toBe(`Cannot deserialize value of type \`X\` from ${tokenShape([])}`);
  });
});
