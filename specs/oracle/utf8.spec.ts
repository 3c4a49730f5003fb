import { describe, expect, it } from "vitest";
import { Rng } from "../../fixtures/generator/prng.ts";
import { makeConverter, STRING_CONVERTER } from "../../harness/components/sink/converters.ts";
import { jsonFormat } from "../../harness/components/sink/format/json.ts";
import { disagreements, outcomeOf, summary, useOracle } from "./support.ts";

const oracle = useOracle();
const VECTORS = 3_000;

/** Byte strings with every kind of broken UTF-8 among valid text: stray continuations, cut sequences, overlongs, surrogates, bytes over F4. */
function brokenUtf8(seed: number, count: number): Buffer[] {
  const rng = new Rng(seed);
  const pieces = [
    [0x41],
    [0xc3, 0xa9],
    [0xe2, 0x82, 0xac],
    [0xf0, 0x9f, 0x98, 0x80],
    [0x80],
    [0xbf],
    [0xc3],
    [0xe2, 0x82],
    [0xf0, 0x9f, 0x98],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xed, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf5],
    [0xff],
    [0xfe],
    [0xe0, 0xa0],
    [0xf0, 0x90],
    [0x22],
    [0x5c],
    [0x0a],
  ];
  return Array.from({ length: count }, () => {
    const bytes: number[] = [];
    for (let n = 1 + (rng.next() % 12); n > 0; n--) bytes.push(...(pieces[rng.next() % pieces.length] as number[]));
    return Buffer.from(bytes);
  });
}

describe("the differential oracle: values that are not valid UTF-8", () => {
  it(`StringConverter decodes ${VECTORS} broken byte strings as Java's new String(bytes, UTF_8) does`, async () => {
    const inputs = brokenUtf8(0x757466, VECTORS);
    const theirs = await oracle().ask(inputs.map((input) => ({ op: "connect/string-json-line", input })));
    const convert = makeConverter(STRING_CONVERTER, {});
    const format = jsonFormat();
    const ours = inputs.map((bytes) => outcomeOf(() => format.encode(convert(bytes))));
    const found = disagreements(
      inputs.map((b) => b.toString("hex")),
      ours,
      theirs,
    );
    expect(found.length, summary(found, inputs.length)).toBe(0);
  });
});
