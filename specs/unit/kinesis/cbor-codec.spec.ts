import { describe, expect, it } from "vitest";
import { decodeCbor } from "../../../harness/components/kinesis/cbor/decode.ts";
import { encodeCbor } from "../../../harness/components/kinesis/cbor/encode.ts";
import { CborError, CborSimple, CborTag, type CborValue } from "../../../harness/components/kinesis/cbor/types.ts";

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s/g, ""), "hex");
const decode = (hex: string): CborValue => decodeCbor(bytes(hex));

/** RFC 8949 appendix A: values and their encodings, in the shortest form (the encoder writes these exactly). */
const SHORTEST: [CborValue, string][] = [
  [0, "00"],
  [1, "01"],
  [10, "0a"],
  [23, "17"],
  [24, "1818"],
  [25, "1819"],
  [100, "1864"],
  [1000, "1903e8"],
  [1000000, "1a000f4240"],
  [1000000000000, "1b000000e8d4a51000"],
  [18446744073709551615n, "1bffffffffffffffff"],
  [-18446744073709551616n, "3bffffffffffffffff"],
  [-1, "20"],
  [-10, "29"],
  [-100, "3863"],
  [-1000, "3903e7"],
  [1.1, "fb3ff199999999999a"],
  [1.0e300, "fb7e37e43c8800759c"],
  [-4.1, "fbc010666666666666"],
  [false, "f4"],
  [true, "f5"],
  [null, "f6"],
  [undefined, "f7"],
  [new CborSimple(16), "f0"],
  [new CborSimple(255), "f8ff"],
  [new CborTag(0, "2013-03-21T20:04:00Z"), "c074323031332d30332d32315432303a30343a30305a"],
  [new CborTag(1, 1363896240), "c11a514b67b0"],
  [new CborTag(1, 1363896240.5), "c1fb41d452d9ec200000"],
  [new CborTag(23, Buffer.from("01020304", "hex")), "d74401020304"],
  [Buffer.alloc(0), "40"],
  [Buffer.from("01020304", "hex"), "4401020304"],
  ["", "60"],
  ["a", "6161"],
  ["IETF", "6449455446"],
  ['"\\', "62225c"],
  ["\u00fc", "62c3bc"],
  ["\u6c34", "63e6b0b4"],
  ["\u{10151}", "64f0908591"],
  [[], "80"],
  [[1, 2, 3], "83010203"],
  [[1, [2, 3], [4, 5]], "8301820203820405"],
  [{}, "a0"],
  [{ a: 1, b: [2, 3] }, "a26161016162820203"],
  [["a", { b: "c" }], "826161a161626163"],
];

/** RFC 8949 appendix A: encodings the decoder must read though the encoder writes the value otherwise. */
const OTHER_FORMS: [string, CborValue][] = [
  ["f90000", 0],
  ["f98000", -0],
  ["f93c00", 1],
  ["f93e00", 1.5],
  ["f97bff", 65504],
  ["fa47c35000", 100000],
  ["fa7f7fffff", 3.4028234663852886e38],
  ["f90001", 5.960464477539063e-8],
  ["f90400", 0.00006103515625],
  ["f9c400", -4],
  ["f97c00", Infinity],
  ["f9fc00", -Infinity],
  ["fa7f800000", Infinity],
  ["faff800000", -Infinity],
  ["fb7ff0000000000000", Infinity],
  ["fbfff0000000000000", -Infinity],
  ["1b0000000000000001", 1],
  ["5f42010243030405ff", Buffer.from("0102030405", "hex")],
  ["7f657374726561646d696e67ff", "streaming"],
  ["9fff", []],
  ["9f018202039f0405ffff", [1, [2, 3], [4, 5]]],
  ["9f01820203820405ff", [1, [2, 3], [4, 5]]],
  ["83018202039f0405ff", [1, [2, 3], [4, 5]]],
  ["83019f0203ff820405", [1, [2, 3], [4, 5]]],
  ["9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", Array.from({ length: 25 }, (_, i) => i + 1)],
  ["bf61610161629f0203ffff", { a: 1, b: [2, 3] }],
  ["826161bf61626163ff", ["a", { b: "c" }]],
  ["bf6346756ef563416d7421ff", { Fun: true, Amt: -2 }],
];

describe("CBOR codec: RFC 8949 appendix A", () => {
  it.each(SHORTEST)("writes and reads %o as %s", (value, hex) => {
    expect(encodeCbor(value).toString("hex")).toBe(hex);
    expect(decode(hex)).toEqual(value);
  });

  it.each(OTHER_FORMS)("reads %s", (hex, value) => {
    expect(decode(hex)).toEqual(value);
  });

  it("reads NaN in every float width", () => {
    for (const hex of ["f97e00", "fa7fc00000", "fb7ff8000000000000"]) expect(decode(hex)).toBeNaN();
  });

  it("keeps -0 a float, and integers past 2^53 bigints, so that nothing is rounded on the way", () => {
    expect(encodeCbor(-0).toString("hex")).toBe("fb8000000000000000");
    expect(decode("1b0020000000000000")).toBe(2n ** 53n);
    expect(decode("1b001fffffffffffff")).toBe(2 ** 53 - 1);
    expect(decode("3b001ffffffffffffe")).toBe(-(2 ** 53) + 1);
    expect(decode("3b001fffffffffffff")).toBe(-(2n ** 53n));
    expect(encodeCbor(2n ** 53n).toString("hex")).toBe("1b0020000000000000");
  });
});

describe("CBOR codec: indefinite lengths", () => {
  it("writes arrays and maps with indefinite lengths when asked, as the AWS SDKs' Jackson generator does", () => {
    expect(encodeCbor({ a: 1, b: [2, 3] }, { indefinite: true }).toString("hex")).toBe("bf61610161629f0203ffff");
    expect(encodeCbor([], { indefinite: true }).toString("hex")).toBe("9fff");
    // Strings and byte strings keep definite lengths.
    expect(encodeCbor({ d: Buffer.from([1]), s: "x" }, { indefinite: true }).toString("hex")).toBe(
      "bf6164410161736178ff",
    );
  });

  it("reads a text string split in chunks, as Jackson writes one of more than 3,996 characters", () => {
    const long = "x".repeat(5000);
    const chunked = Buffer.concat([
      bytes("7f"),
      encodeCbor(long.slice(0, 3996)),
      encodeCbor(long.slice(3996)),
      encodeCbor(""),
      bytes("ff"),
    ]);
    expect(decodeCbor(chunked)).toBe(long);
  });

  it("round-trips a Kinesis-shaped body either way", () => {
    const body: CborValue = {
      StreamName: "s",
      Records: [
        { Data: Buffer.from([0, 255, 1]), PartitionKey: "\u00e9t\u00e9", ExplicitHashKey: "0" },
        { Data: Buffer.alloc(0), PartitionKey: "k" },
      ],
      Timestamp: new CborTag(1, 1787036486712),
      Limit: 10000,
      Nested: { empty: {}, list: [[], [null, true, false, undefined]], big: 2n ** 64n - 1n, neg: -(2n ** 64n) },
      Fraction: -0.25,
    };
    for (const indefinite of [false, true]) {
      const encoded = encodeCbor(body, { indefinite });
      expect(encoded[0]).toBe(indefinite ? 0xbf : 0xa6);
      expect(decodeCbor(encoded)).toEqual(body);
    }
  });

  it("reads a map member named __proto__ as a member, not as the map's prototype", () => {
    const decoded = decode("a1695f5f70726f746f5f5fa0") as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__"]);
  });
});

/** RFC 8949 appendix F: input that is not well-formed, and what this decoder refuses besides. */
const MALFORMED: [string, string][] = [
  ["", "no input"],
  ["18", "end of input in a head"],
  ["1901", "end of input in a head"],
  ["1a0102", "end of input in a head"],
  ["1b01020304050607", "end of input in a head"],
  ["38", "end of input in a head"],
  ["58", "end of input in a head"],
  ["78", "end of input in a head"],
  ["98", "end of input in a head"],
  ["9a01ff00", "end of input in a head"],
  ["b8", "end of input in a head"],
  ["d8", "end of input in a head"],
  ["f8", "end of input in a head"],
  ["f900", "end of input in a head"],
  ["fa0000", "end of input in a head"],
  ["fb000000", "end of input in a head"],
  ["41", "a byte string shorter than its length"],
  ["61", "a text string shorter than its length"],
  ["5affffffff00", "a byte string shorter than its length"],
  ["5bffffffffffffffff010203", "a byte string shorter than its length"],
  ["7affffffff00", "a text string shorter than its length"],
  ["7b7fffffffffffffff010203", "a text string shorter than its length"],
  ["81", "an array with too few items"],
  ["818181818181818181", "an array with too few items"],
  ["8200", "an array with too few items"],
  ["a1", "a map with too few items"],
  ["a20102", "a map with too few items"],
  ["a100", "a map with too few items"],
  ["a2000000", "a map with too few items"],
  ["5f4100", "an unclosed indefinite byte string"],
  ["7f6100", "an unclosed indefinite text string"],
  ["9f", "an unclosed indefinite array"],
  ["9f0102", "an unclosed indefinite array"],
  ["bf", "an unclosed indefinite map"],
  ["bf01020102", "an unclosed indefinite map"],
  ["819f", "an unclosed indefinite array"],
  ["9f8000", "an unclosed indefinite array"],
  ["9f9f9f9f9fffffffff", "an unclosed indefinite array"],
  ["9f819f819f9fffffff", "an unclosed indefinite array"],
  ["1c", "reserved additional information"],
  ["1d", "reserved additional information"],
  ["1e", "reserved additional information"],
  ["3c", "reserved additional information"],
  ["5c", "reserved additional information"],
  ["7c", "reserved additional information"],
  ["9c", "reserved additional information"],
  ["bc", "reserved additional information"],
  ["dc", "reserved additional information"],
  ["fc", "reserved additional information"],
  ["f800", "a simple value below 32 in two bytes"],
  ["f801", "a simple value below 32 in two bytes"],
  ["f818", "a simple value below 32 in two bytes"],
  ["f81f", "a simple value below 32 in two bytes"],
  ["5f00ff", "a chunk of the wrong type"],
  ["5f21ff", "a chunk of the wrong type"],
  ["5f6100ff", "a chunk of the wrong type"],
  ["5f80ff", "a chunk of the wrong type"],
  ["5fa0ff", "a chunk of the wrong type"],
  ["5fc000ff", "a chunk of the wrong type"],
  ["5fe0ff", "a chunk of the wrong type"],
  ["7f4100ff", "a chunk of the wrong type"],
  ["5f5f4100ffff", "an indefinite chunk"],
  ["7f7f6100ffff", "an indefinite chunk"],
  ["ff", "a break outside an indefinite item"],
  ["81ff", "a break in a definite array"],
  ["8200ff", "a break in a definite array"],
  ["a1ff", "a break in a definite map"],
  ["a1ff00", "a break in a definite map"],
  ["a100ff", "a break in a definite map"],
  ["a20000ff", "a break in a definite map"],
  ["9f81ff", "a break in a definite array"],
  ["bf00ff", "a break after a key"],
  ["1f", "an indefinite unsigned integer"],
  ["3f", "an indefinite negative integer"],
  ["df", "an indefinite tag"],
  ["c0", "a tag with no content"],
  ["62c328", "a text string that is not UTF-8"],
  ["7f61c3ff", "a text chunk that is not whole UTF-8"],
  ["0000", "bytes after the item"],
  ["a0ff", "bytes after the item"],
  ["a10102", "a map key that is not a text string"],
  ["81".repeat(70) + "00", "nesting deeper than the limit"],
];

describe("CBOR codec: input that is not well-formed", () => {
  it.each(MALFORMED)("refuses %s (%s)", (hex) => {
    expect(() => decode(hex)).toThrow(CborError);
  });

  it("says where it stopped", () => {
    expect(() => decode("a1616101ff")).toThrow(/bytes after the data item \(at byte 4\)/);
    expect(() => decode("7f4100ff")).toThrow(/a chunk of major type 2 in a string of type 3 \(at byte 1\)/);
  });
});

describe("CBOR codec: values it cannot write", () => {
  it("refuses integers past 64 bits and simple values without an encoding", () => {
    expect(() => encodeCbor(2n ** 64n)).toThrow(CborError);
    expect(() => encodeCbor(-(2n ** 64n) - 1n)).toThrow(CborError);
    expect(() => encodeCbor(new CborSimple(24))).toThrow(CborError);
    expect(() => encodeCbor(new CborTag(-1, 0))).toThrow(CborError);
  });
});
