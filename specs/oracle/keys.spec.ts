import { describe, expect, it } from "vitest";
import { Rng } from "../../fixtures/generator/prng.ts";
import { parseJson, stringifyJson } from "../../harness/java/jackson-tree.ts";
import { murmur2, partitionForKey, toPositive } from "../../harness/components/rest-proxy/partitioner.ts";
import { jsonNumber, jsonString, jsonValue } from "./json-vectors.ts";
import { disagreements, outcomeOf, summary, useOracle } from "./support.ts";

const JSON_KEYS = 1_500;
const BINARY_KEYS = 500;
const PARTITION_COUNTS = [1, 2, 3, 5, 6, 12, 50];
const oracle = useOracle();

/** Keys as producers send them: ids, names, numbers, small objects. */
function jsonKeys(seed: number, count: number): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    if (kind === 0) out.push(jsonString(rng, 8));
    else if (kind === 1) out.push(jsonNumber(rng));
    else if (kind === 2) out.push(String(rng.next() % 11_153));
    else if (kind === 3) out.push(`"${uuidFrom(rng)}"`);
    else out.push(jsonValue(rng, 2));
  }
  return out;
}

function uuidFrom(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => (rng.next() % 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function binaryKeys(seed: number, count: number): Buffer[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () =>
    Buffer.from(Array.from({ length: rng.next() % 41 }, () => rng.next() % 256)),
  );
}

describe("the differential oracle: keyed records land in the partition the Java producer picks", () => {
  it(`serialises ${JSON_KEYS} JSON keys to the bytes Jackson writes, and hashes them and ${BINARY_KEYS} binary keys as Utils.murmur2`, async () => {
    const texts = jsonKeys(0x6b657973, JSON_KEYS);
    const serialised = await oracle().ask(texts.map((t) => ({ op: "rest-proxy/json-value", input: Buffer.from(t) })));
    const ours = texts.map((t) => outcomeOf(() => stringifyJson(parseJson(t) ?? null)));
    const found = disagreements(texts, ours, serialised);
    expect(found.length, summary(found, texts.length)).toBe(0);

    const keys = [...serialised.flatMap((a) => (a.ok ? [a.output] : [])), ...binaryKeys(0x62696e, BINARY_KEYS)];
    expect(keys.length).toBeGreaterThan(1_900);
    const hashes = await oracle().ask(keys.map((input) => ({ op: "rest-proxy/murmur2", input })));
    const wrong: string[] = [];
    keys.forEach((key, i) => {
      const answer = hashes[i];
      if (!answer?.ok)
        throw new Error(`the oracle refused a key: ${answer?.ok === false ? answer.error : "no answer"}`);
      const javaHash = Number(answer.output.toString("ascii"));
      if (murmur2(key) !== javaHash) wrong.push(`${key.toString("hex")}: pinpipe ${murmur2(key)}, java ${javaHash}`);
      for (const n of PARTITION_COUNTS) {
        if (partitionForKey(key, n) !== toPositive(javaHash) % n)
          wrong.push(`${key.toString("hex")} over ${n} partitions`);
      }
    });
    expect(wrong, `${wrong.length} of ${keys.length} keys hash differently`).toEqual([]);
  });
});
