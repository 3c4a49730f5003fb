import { describe, expect, it } from "vitest";
import { encodeQuery, lastValue, parseQuery } from "../../../harness/components/gateway/query.ts";

describe("query strings", () => {
  it("decodes like a form: %2B is a plus, + is a space", () => {
    const params = parseQuery("email=a%2Bb&p=a+b&s=a%2fb");
    expect(params).toEqual([
      { name: "email", value: "a+b" },
      { name: "p", value: "a b" },
      { name: "s", value: "a/b" },
    ]);
  });
  it("re-encodes so a backend decodes the same values, keeping order and repeats", () => {
    const encoded = encodeQuery(parseQuery("x=1&x=2&email=a%2Bb&p=a+b&flag"));
    expect(encoded).toBe("x=1&x=2&email=a%2Bb&p=a%20b&flag");
    expect(new URLSearchParams(encoded).getAll("x")).toEqual(["1", "2"]);
    expect(new URLSearchParams(encoded).get("email")).toBe("a+b");
    expect(new URLSearchParams(encoded).get("p")).toBe("a b");
  });
  it("keeps a malformed escape as sent", () => {
    expect(parseQuery("a=%zz")).toEqual([{ name: "a", value: "%zz" }]);
  });
  it("single-value views take the last value", () => {
    expect(lastValue(parseQuery("x=1&x=2"), "x")).toBe("2");
    expect(lastValue(parseQuery("x=1"), "y")).toBeUndefined();
  });
  it("an empty or absent query forwards nothing", () => {
    expect(encodeQuery(parseQuery(undefined))).toBe("");
    expect(encodeQuery(parseQuery(""))).toBe("");
  });
});
