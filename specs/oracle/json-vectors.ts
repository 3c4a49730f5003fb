/**
 * Seeded JSON texts for the differential oracle: every kind of string character (ASCII, controls, escapes in
 * upper and lower case, BMP, characters outside the BMP raw and as escaped surrogate pairs, lone surrogates),
 * numbers of every form (long range and beyond, fractions, exponents that overflow and underflow, negative zero),
 * deep nesting, repeated keys and keys that crowd one HashMap bucket, and whitespace between every token.
 */
import { Rng } from "../../fixtures/generator/prng.ts";

const WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
const BMP_SAMPLES = [
  "é",
  "ß",
  "Ω",
  "ж",
  "中",
  "文",
  "ا",
  "€",
  "\u2028",
  "\u2029",
  "\u00a0",
  "\ufeff",
  "\ufffd",
  "\u07ff",
  "\u0800",
];
const ASTRAL_SAMPLES = ["😀", "🎉", "𝄞", "𠜎", "\u{10ffff}", "\u{10000}"];
const ESCAPES = ['\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"];
// "Aa" and "BB" share a String.hashCode, so objects built from them crowd one HashMap bucket.
const COLLIDING = ["Aa", "BB"];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.next() % items.length] as T;
}

function hex4(code: number, upper: boolean): string {
  const h = code.toString(16).padStart(4, "0");
  return upper ? h.toUpperCase() : h;
}

/** One piece of string content, as JSON source text. */
function stringPiece(rng: Rng): string {
  const kind = rng.next() % 20;
  if (kind < 8) {
    let word = "";
    for (let n = 1 + (rng.next() % 8); n > 0; n--) word += pick(rng, WORD_CHARS.split(""));
    return word;
  }
  if (kind < 10) return pick(rng, ESCAPES);
  if (kind < 12) return pick(rng, BMP_SAMPLES);
  if (kind < 14) return pick(rng, ASTRAL_SAMPLES);
  if (kind === 14) return `\\u${hex4(rng.next() % 0x20, rng.next() % 2 === 0)}`;
  if (kind === 15) {
    // An astral character as its escaped surrogate pair.
    const cp = 0x10000 + (rng.next() % 0x100000);
    const high = 0xd800 + ((cp - 0x10000) >> 10);
    const low = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    return `\\u${hex4(high, true)}\\u${hex4(low, false)}`;
  }
  if (kind === 16) return `\\u${hex4(0xd800 + (rng.next() % 0x800), rng.next() % 2 === 0)}`;
  if (kind === 17) return `\\u${hex4(0x20 + (rng.next() % 0xd7e0), rng.next() % 2 === 0)}`;
  if (kind === 18) return " ";
  return String.fromCharCode(0x7f + (rng.next() % 0x81));
}

export function jsonString(rng: Rng, maxPieces = 6): string {
  let out = '"';
  for (let n = rng.next() % (maxPieces + 1); n > 0; n--) out += stringPiece(rng);
  return out + '"';
}

function digits(rng: Rng, count: number): string {
  let out = String(1 + (rng.next() % 9));
  for (let i = 1; i < count; i++) out += String(rng.next() % 10);
  return out;
}

/** A JSON number literal of one of many forms. */
export function jsonNumber(rng: Rng): string {
  const sign = rng.next() % 3 === 0 ? "-" : "";
  switch (rng.next() % 12) {
    case 0:
      return sign + String(rng.next() % 1000);
    case 1:
      return sign + digits(rng, 1 + (rng.next() % 19));
    case 2:
      // Around and beyond the long range: BigInteger territory.
      return sign + digits(rng, 19 + (rng.next() % 4));
    case 3:
      return pick(rng, ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "2147483648", "-0"]);
    case 4:
      return `${sign}${rng.next() % 100000}.${digits(rng, 1 + (rng.next() % 6))}`;
    case 5:
      return `${sign}0.${"0".repeat(rng.next() % 6)}${digits(rng, 1 + (rng.next() % 17))}`;
    case 6:
      return `${sign}${digits(rng, 1 + (rng.next() % 17))}e${rng.next() % 30}`;
    case 7: {
      const e = (rng.next() % 650) - 330;
      return `${sign}${rng.next() % 10}.${digits(rng, 1 + (rng.next() % 16))}${pick(rng, ["e", "E"])}${e < 0 ? "" : pick(rng, ["", "+"])}${e}`;
    }
    case 8:
      return pick(rng, ["1e400", "-1e400", "1e-400", "-1e-400", "0.0", "-0.0", "1.0", "1e7", "1e-3", "9999999.999"]);
    case 9:
      return `${sign}${digits(rng, 16 + (rng.next() % 4))}.${digits(rng, 1 + (rng.next() % 4))}`;
    case 10:
      return `${sign}${digits(rng, 1 + (rng.next() % 3))}e${15 + (rng.next() % 10)}`;
    default:
      return `${sign}${rng.next() % 10}.${rng.next() % 10}`;
  }
}

function ws(rng: Rng): string {
  return rng.next() % 4 === 0 ? pick(rng, [" ", "\n", "\t", "\r\n", "  "]) : "";
}

function key(rng: Rng): string {
  const kind = rng.next() % 8;
  if (kind === 0) return `"${pick(rng, COLLIDING)}${pick(rng, COLLIDING)}${pick(rng, COLLIDING)}"`;
  if (kind === 1) return `"k${rng.next() % 4}"`;
  return jsonString(rng, 3);
}

/** A JSON value up to `depth` levels deep. */
export function jsonValue(rng: Rng, depth: number): string {
  const kind = rng.next() % (depth > 0 ? 10 : 6);
  if (kind < 2) return jsonString(rng);
  if (kind < 4) return jsonNumber(rng);
  if (kind === 4) return pick(rng, ["true", "false", "null"]);
  if (kind === 5) return jsonString(rng, 1);
  if (kind < 8) {
    const members: string[] = [];
    for (let n = rng.next() % 7; n > 0; n--)
      members.push(`${ws(rng)}${key(rng)}${ws(rng)}:${ws(rng)}${jsonValue(rng, depth - 1)}${ws(rng)}`);
    return `{${members.join(",")}}`;
  }
  const items: string[] = [];
  for (let n = rng.next() % 5; n > 0; n--) items.push(`${ws(rng)}${jsonValue(rng, depth - 1)}${ws(rng)}`);
  return `[${items.join(",")}]`;
}

/** An object with many keys, so HashMap order is tested past its first resizes and with crowded buckets. */
export function wideObject(rng: Rng): string {
  const members: string[] = [];
  for (let n = 10 + (rng.next() % 120); n > 0; n--) {
    const k =
      rng.next() % 3 === 0
        ? `"${Array.from({ length: 1 + (rng.next() % 5) }, () => pick(rng, COLLIDING)).join("")}"`
        : key(rng);
    members.push(`${k}:${jsonValue(rng, 1)}`);
  }
  return `{${members.join(",")}}`;
}

/** Nested `levels` deep, alternating arrays and objects. */
export function deepValue(rng: Rng, levels: number): string {
  let out = jsonValue(rng, 0);
  for (let i = 0; i < levels; i++) out = i % 2 === 0 ? `[${out}]` : `{"d${i}":${out}}`;
  return out;
}

/** `count` JSON documents from one seed: mostly objects as producers send them, with every other shape mixed in. */
export function jsonVectors(seed: number, count: number): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 20;
    if (kind === 0) out.push(wideObject(rng));
    else if (kind === 1) out.push(deepValue(rng, 10 + (rng.next() % 200)));
    else if (kind === 2) out.push(`${ws(rng)}${jsonValue(rng, 0)}${ws(rng)}`);
    else out.push(`${ws(rng)}{"id":${i},"v":${jsonValue(rng, 4)}}${ws(rng)}`);
  }
  return out;
}
