import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJson, stringifyJson } from "../../../harness/java/jackson-tree.ts";
import { makeConverter, JSON_CONVERTER } from "../../../harness/components/sink/converters.ts";
import { jsonFormat } from "../../../harness/components/sink/format/json.ts";
import { parseJacksonValue } from "../../../harness/components/sink/json/jackson-parse.ts";
import { writeJackson } from "../../../harness/components/sink/json/java-value.ts";
import { JsonTranscoder, type JsonSlice } from "../../../harness/components/sink/json/json-transcoder.ts";
import { projectPath } from "../../../harness/paths.ts";
import { jsonVectors } from "../../oracle/json-vectors.ts";

/**
 * The sink's fast path (record bytes straight to the JSON line) against its general path (Jackson value tree, then
 * Java values, then Jackson's writer), which the oracle specs hold to the real Java code: wherever the fast path
 * answers, the general path accepts the same input and writes the same bytes.
 */

type General = { ok: true; line: string } | { ok: false };

function bytesOf(slice: JsonSlice): Buffer {
  return slice.bytes.subarray(slice.start, slice.end);
}

function general(bytes: Buffer, allowLeadingZeros = true): General {
  try {
    const value = parseJacksonValue(bytes, { allowLeadingZeros });
    return value === undefined ? { ok: false } : { ok: true, line: writeJackson(value) };
  } catch {
    return { ok: false };
  }
}

/** The inputs where the fast path answers differently from the general path; and how many it answered. */
function compare(inputs: readonly Buffer[], allowLeadingZeros = true): { wrong: string[]; fast: number } {
  const transcoder = new JsonTranscoder({ allowLeadingZeros });
  const wrong: string[] = [];
  let fast = 0;
  for (const bytes of inputs) {
    const slice = transcoder.transcode(bytes);
    if (slice === undefined) continue;
    const out = bytesOf(slice);
    fast++;
    const expected = general(bytes, allowLeadingZeros);
    if (!expected.ok) wrong.push(`fast path accepts what the general path refuses: ${bytes.toString("hex")}`);
    else if (!out.equals(Buffer.from(expected.line, "utf8"))) {
      wrong.push(`${JSON.stringify(bytes.toString("utf8"))}: ${out.toString("utf8")} != ${expected.line}`);
    }
  }
  return { wrong, fast };
}

function proxied(text: string): Buffer | undefined {
  try {
    const value = parseJson(text);
    return value === undefined ? undefined : Buffer.from(stringifyJson(value), "utf8");
  } catch {
    return undefined;
  }
}

// The oracle's own vectors (json.spec.ts uses this seed), and more of the same kinds from another.
const texts = [...jsonVectors(0x5eed, 10_000), ...jsonVectors(0xfa57, 5_000)];
// The general path reads every vector too, on a machine other specs share.
const SLOW = { timeout: 60_000 };
const vectors = texts.map((t) => Buffer.from(t, "utf8"));
const proxiedVectors = texts.flatMap((t) => proxied(t) ?? []);

const datasetRows = ["pinterest_data", "geolocation_data", "user_data"].flatMap((name) =>
  readFileSync(projectPath("fixtures", "data", `${name}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => Buffer.from(line, "utf8")),
);

const EDGES: (string | Buffer)[] = [
  "",
  "   ",
  "null",
  "nullx",
  "true",
  "true]",
  "truex",
  "false ",
  '"str"',
  '"a"b',
  "1 2",
  "1]",
  "123abc",
  "1.5x",
  "-",
  "-a",
  "+1",
  ".5",
  "1.",
  "1e",
  "1e+",
  "-0",
  "0",
  "-0.0",
  "007",
  "-007",
  "00",
  "0.5",
  "01.5",
  "1E+2",
  "1e400",
  "-1e400",
  "1e-400",
  "-1e-400",
  "123456789012345678",
  "-123456789012345678",
  "1234567890123456789",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775809",
  "18446744073709551616",
  "[1,2,]",
  "[,1]",
  "[]",
  "[ ]",
  "{}",
  "{ }",
  '{"a":1,}',
  '{"a" 1}',
  '{"a":}',
  "{'a':1}",
  '{"a":1}xyz',
  '{"a":1',
  "[1",
  '{"b":1,"a":2,"b":3}',
  '{"a":1,"\\u0061":2}',
  '{"\\u0061":1,"a":2,"b":{"a":3,"\\u0061":4}}',
  '{"AaAa":1,"BBBB":2,"AaBB":3,"BBAa":4}',
  '{"k\\"ey":"v\\"al","k\\\\":"\\\\","\\/":"\\/"}',
  '{"\\uD83D\\uDE00":"\\ud83d\\ude00"}',
  '"\\ud800"',
  '"\\uDFFF x"',
  '"\\u0000\\u001f\\u007f\\u0080\\u07ff\\u0800\\uffff"',
  '"\\b\\f\\n\\r\\t"',
  '"\\u005c\\u0022\\u002F\\u0008\\u000C"',
  '"\\x"',
  '"\\u12"',
  '"\\u12G4"',
  '"\\',
  '"abc',
  '"tab\there"',
  '"new\nline"',
  '"😀🎉𝄞\u{10ffff}\u{10000}"',
  '{"😀":"é€中"}',
  '"\u2028\u2029\u00a0\ufeff\ufffd"',
  "\ufeff{}",
  "\ufeff\ufeff{}",
  " \ufeff{}",
  Buffer.from([0x22, 0xff, 0x22]),
  Buffer.from([0x22, 0xc3, 0x22]),
  Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]),
  Buffer.from([0x22, 0xf0, 0x9f, 0x98, 0x22]),
  Buffer.from([0x22, 0xc0, 0xaf, 0x22]),
  Buffer.from([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]),
  Buffer.concat([Buffer.from('{"a":1}'), Buffer.from([0xff])]),
  Buffer.concat([Buffer.from('{"'), Buffer.from([0xff]), Buffer.from('":1}')]),
  "[".repeat(499) + "]".repeat(499),
  "[".repeat(500) + "]".repeat(500),
  "[".repeat(501) + "]".repeat(501),
  "[".repeat(2000) + "]".repeat(2000),
  '{"a":'.repeat(600) + "1" + "}".repeat(600),
];
const edges = EDGES.map((e) => (typeof e === "string" ? Buffer.from(e, "utf8") : e));

describe("the sink's fast JSON path against its general path", SLOW, () => {
  it(`writes the oracle's JSON vectors as the general path does (${texts.length} values)`, () => {
    const { wrong, fast } = compare(vectors);
    expect(wrong).toEqual([]);
    // Most vectors are objects as producers send them: the fast path must be taking them.
    expect(fast).toBeGreaterThan(vectors.length * 0.6);
  });

  it(`writes the vectors as the REST proxy puts them in Kafka as the general path does (${proxiedVectors.length})`, () => {
    const { wrong, fast } = compare(proxiedVectors);
    expect(wrong).toEqual([]);
    expect(fast).toBeGreaterThan(proxiedVectors.length * 0.6);
  });

  it(`writes every row of the fixture datasets as the general path does (${datasetRows.length} rows)`, () => {
    const { wrong, fast } = compare(datasetRows);
    expect(wrong).toEqual([]);
    expect(fast).toBe(datasetRows.length);
  });

  it("leaves to the general path, or agrees with it on, every odd input", () => {
    expect(compare(edges).wrong).toEqual([]);
    expect(compare(edges, false).wrong).toEqual([]);
  });

  it("answers for what producers send: objects, arrays, literals, numbers, escapes", () => {
    const transcoder = new JsonTranscoder({ allowLeadingZeros: true });
    const usual = [
      '{"a":null,"b":[true,false,null],"c":-12,"d":1.5e3,"e":"x\\u00e9\\n😀","f":{}}',
      '[{"z":1,"y":2},{"z":3,"y":4}]',
      '"just a string"',
      "42",
      "false",
    ];
    for (const text of usual) expect(transcoder.transcode(Buffer.from(text)), text).toBeDefined();
  });

  it("keeps every answer as it was while later records are read (a batch is converted before it is written)", () => {
    const transcoder = new JsonTranscoder({ allowLeadingZeros: true });
    const inputs = [...datasetRows.slice(0, 3000), ...vectors.slice(0, 3000), ...edges];
    const answers = inputs.map((bytes) => transcoder.transcode(bytes));
    const wrong = inputs.filter((bytes, i) => {
      const slice = answers[i];
      const expected = general(bytes);
      return slice !== undefined && (!expected.ok || bytesOf(slice).toString("utf8") !== expected.line);
    });
    expect(wrong.map((b) => b.toString("utf8"))).toEqual([]);
    expect(answers.filter(Boolean).length).toBeGreaterThan(inputs.length * 0.9);
  });

  it("refuses leading zeros when the general path does", () => {
    const transcoder = new JsonTranscoder({ allowLeadingZeros: false });
    expect(transcoder.transcode(Buffer.from("007"))).toBeUndefined();
    const slice = transcoder.transcode(Buffer.from("[0,1,-0.5,0e1]"));
    expect(slice && bytesOf(slice).toString()).toBe("[0,1,-0.5,0.0]");
  });

  it("keeps working after a thousand different key lists (its cache of shapes starts again)", () => {
    const many = Array.from({ length: 5000 }, (_, i) => Buffer.from(`{"k${i}":${i},"x":1,"k${i % 7}":2}`));
    expect(compare(many).wrong).toEqual([]);
  });
});

describe("the JsonConverter with the fast path", SLOW, () => {
  const converter = makeConverter(JSON_CONVERTER, { "schemas.enable": "false" });
  const format = jsonFormat();

  it("gives the line and, when asked, the Java value that the general path gives", () => {
    for (const bytes of [...vectors.slice(0, 3000), ...edges, ...datasetRows.slice(0, 300)]) {
      const expected = general(bytes);
      let data;
      try {
        data = converter(bytes);
      } catch {
        expect(expected.ok && bytes.toString("hex")).toBe(false);
        continue;
      }
      if (data.value === null) continue;
      expect(format.encode(data).toString("utf8")).toBe(expected.ok ? `${expected.line}\n` : "<refused>");
      expect(data.value).toEqual(parseJacksonValue(bytes));
    }
  });
});
