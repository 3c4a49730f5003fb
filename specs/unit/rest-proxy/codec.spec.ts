import { describe, expect, it } from "vitest";
import { decodeStrictBase64, serializeBinary } from "../../../harness/components/rest-proxy/formats.ts";
import { parseJson, stringifyJson } from "../../../harness/java/jackson-tree.ts";
import { javaDoubleToString } from "../../../harness/java/java-number.ts";
import { murmur2, partitionForKey, toPositive } from "../../../harness/components/rest-proxy/partitioner.ts";
import { parseProperties } from "../../../harness/java/properties.ts";
import { serializedSizeUpperBound } from "../../../harness/components/rest-proxy/producer.ts";

describe("murmur2", () => {
  it.each([
    ["21", -973932308],
    ["foobar", -790332482],
    ["abc", 479470107],
    ["user-1", 1404122828],
    ['"user-1"', -2072683762],
  ])("%s hashes like Kafka's Utils.murmur2", (key, hash) => {
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it("uses the positive hash modulo the partition count", () => {
    expect(toPositive(-2072683762)).toBe(74799886);
    expect(partitionForKey(Buffer.from("user-1"), 3)).toBe(2);
    expect(partitionForKey(Buffer.from('"user-1"'), 3)).toBe(1);
  });
});

describe("Jackson-compatible JSON", () => {
  it.each([
    ["1.0", "1.0"],
    ["1e10", "1.0E10"],
    ["1.10", "1.1"],
    ["1e-5", "1.0E-5"],
    ["12345678901234567890123", "12345678901234567890123"],
    ["-0", "0"],
    ['{"b":1,"a":[true,null,"x\\u0001\\n"]}', '{"b":1,"a":[true,null,"x\\u0001\\n"]}'],
    ['{"a":1,"a":2}', '{"a":2}'],
  ])("%s re-serializes as %s", (input, output) => {
    expect(stringifyJson(parseJson(input)!)).toBe(output);
  });

  it("prints doubles as Java does", () => {
    expect(javaDoubleToString(53.4)).toBe("53.4");
    expect(javaDoubleToString(0.001)).toBe("0.001");
    expect(javaDoubleToString(0.0001)).toBe("1.0E-4");
    expect(javaDoubleToString(1e7)).toBe("1.0E7");
    expect(javaDoubleToString(9999999)).toBe("9999999.0");
  });

  it("rejects what Jackson rejects", () => {
    expect(() => parseJson("foobar")).toThrow(/Unrecognized token 'foobar'/);
    expect(() => parseJson("01")).toThrow();
    expect(() => parseJson('"a\nb"')).toThrow(/CTRL-CHAR/);
    expect(parseJson("  ")).toBeUndefined();
  });
});

describe("strict base64", () => {
  it.each(["Zm9vYg", "Zm9vYg==", "Zm9vYg===", "", "Zm9v"])("accepts %j", (s) => {
    expect(decodeStrictBase64(s)).toBeDefined();
  });
  it.each(["fooba", "Zm9v Yg", "Zm9-", "Zm_v", "Zm=9v"])("rejects %j", (s) => {
    expect(decodeStrictBase64(s)).toBeUndefined();
  });
  it("quotes the JSON token in its messages", () => {
    expect(() => serializeBinary(parseJson("123"))).toThrow("Bad Request: data=123 is not a base64 string.");
    expect(() => serializeBinary(parseJson('"fooba"'))).toThrow(
      'Bad Request: data="fooba" is not a valid base64 string.',
    );
  });
});

describe("producer size check", () => {
  it("computes the Java upper bound", () => {
    expect(serializedSizeUpperBound({ key: null, value: null, partition: undefined })).toBe(61 + 21 + 1 + 1 + 1);
    expect(serializedSizeUpperBound({ key: Buffer.alloc(3), value: Buffer.alloc(200), partition: undefined })).toBe(
      61 + 21 + 4 + 202 + 1,
    );
  });
});

describe("kafka-rest.properties", () => {
  it("reads Java properties syntax", () => {
    const p = parseProperties(
      "# c\n! c\nlisteners=http://0.0.0.0:8082\nbootstrap.servers : a:9092,\\\n  b:9092\nid x\nk=\\u0041\\t",
    );
    expect(p).toEqual({ listeners: "http://0.0.0.0:8082", "bootstrap.servers": "a:9092,b:9092", id: "x", k: "A\t" });
  });
});
