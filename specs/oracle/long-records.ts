/**
 * Seeded JSON records for the gzip oracle: records far longer than the sink's 8000-byte generator buffer, built so
 * that the buffer's end falls on every kind of token: strings and field names around the 1000-char slice limit
 * with escapes and multi-byte chars at varying places, long runs of Longs, Doubles, booleans, nulls and small
 * containers, nesting, and short records and nulls in between to shift the alignment.
 */
import { Rng } from "../../fixtures/generator/prng.ts";

const SPECIALS = ["é", "中", "😀", "\n", '"', "\\", "\u0001", "\u2028", "ß"];
/** Lengths around the generator's slice (1000 chars) and char buffer (4000 chars) limits. */
const EDGE_LENGTHS = [999, 1000, 1001, 1999, 2000, 3999, 4000, 4001, 4500];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.next() % items.length] as T;
}

/** ASCII text of `length` chars with a special char every so often (never, for some strings). */
function text(rng: Rng, length: number): string {
  const every = pick(rng, [0, 3, 40, 700, 2500]);
  let out = "";
  while (out.length < length) {
    out +=
      every > 0 && rng.next() % every === 0
        ? pick(rng, SPECIALS)
        : String.fromCharCode(0x20 + (rng.next() % 0x5e)).replace(/["\\]/, "x");
  }
  return out.slice(0, length);
}

function number(rng: Rng): string {
  switch (rng.next() % 4) {
    case 0:
      return String(rng.next() % 100);
    case 1:
      return `-${rng.next()}${rng.next()}`;
    case 2:
      return `${rng.next() % 1000}.${rng.next() % 1000}`;
    default:
      return `${1 + (rng.next() % 9)}.${rng.next()}e${(rng.next() % 40) - 20}`;
  }
}

function scalars(rng: Rng, count: number): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.next() % 5;
    items.push(
      kind < 2
        ? number(rng)
        : kind === 2
          ? pick(rng, ["true", "false", "null"])
          : JSON.stringify(text(rng, rng.next() % 30)),
    );
  }
  return `[${items.join(",")}]`;
}

/** A small value of any kind, so the buffer's end falls on every kind of token and at every offset in it. */
function smallToken(rng: Rng, depth = 0): string {
  switch (rng.next() % (depth > 1 ? 6 : 9)) {
    case 0:
      return pick(rng, ["true", "false"]);
    case 1:
      return "null";
    case 2:
      return String(rng.next() % 100_000);
    case 3:
      return `${rng.next() % 100}.${rng.next() % 100}`;
    case 4:
      return JSON.stringify(text(rng, rng.next() % 7));
    case 5:
      return pick(rng, ["[]", "{}"]);
    case 6:
      return `{${JSON.stringify(text(rng, 1 + (rng.next() % 4)))}:${smallToken(rng, depth + 1)}}`;
    case 7:
      return `[${smallToken(rng, depth + 1)},${smallToken(rng, depth + 1)}]`;
    default:
      return `{"a":${smallToken(rng, depth + 1)},"bc":${smallToken(rng, depth + 1)}}`;
  }
}

function tokenRecord(rng: Rng, id: number): string {
  const tokens = Array.from({ length: 2_000 + (rng.next() % 6_000) }, () => smallToken(rng));
  return `{"id":${id},"tokens":[${tokens.join(",")}]}`;
}

function longRecord(rng: Rng, id: number): string {
  switch (rng.next() % 7) {
    case 0:
      return JSON.stringify({ id, text: text(rng, 8_000 + (rng.next() % 40_000)) });
    case 1:
      return `{"id":${id},"values":${scalars(rng, 2_000 + (rng.next() % 6_000))}}`;
    case 2: {
      const members = EDGE_LENGTHS.map(
        (n) => `${JSON.stringify(text(rng, n))}:${JSON.stringify(text(rng, pick(rng, EDGE_LENGTHS)))}`,
      );
      return `{"id":${id},${members.join(",")}}`;
    }
    case 3: {
      const rows = Array.from({ length: 20 + (rng.next() % 60) }, (_, i) => ({
        i,
        name: text(rng, 900 + (rng.next() % 250)),
        tags: Array.from({ length: rng.next() % 8 }, () => text(rng, rng.next() % 40)),
        ok: rng.next() % 2 === 0,
        gone: null,
      }));
      return JSON.stringify({ id, rows });
    }
    case 4:
      // A root-level string, as a StringConverter value is written.
      return JSON.stringify(text(rng, 5_000 + (rng.next() % 30_000)));
    case 5:
      return tokenRecord(rng, id);
    default: {
      const inner = `{"c":${JSON.stringify(text(rng, 12_000))}}`;
      return `{"id":${id},"a":{"b":[${scalars(rng, 500)},${inner}]},"d":${scalars(rng, 900)}}`;
    }
  }
}

/** `count` JSON texts: long records, with short records and nulls mixed in. */
export function longRecords(seed: number, count: number): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.next() % 10;
    if (kind === 0) out.push("null");
    else if (kind < 3) out.push(JSON.stringify({ id: i, t: text(rng, rng.next() % 300) }));
    else out.push(longRecord(rng, i));
  }
  return out;
}

/** `count` records of thousands of small values each. */
export function tokenRecords(seed: number, count: number): string[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => tokenRecord(rng, i));
}

/** `count` records of a few dozen bytes each, so stored blocks end where a record's write ends. */
export function tinyRecords(seed: number, count: number): string[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => JSON.stringify({ i, v: text(rng, rng.next() % 40) }));
}

/** `count` null records (as `behavior.on.null.values=write` keeps them) between two records. */
export function nullRun(count: number): string[] {
  return ['{"before":true}', ...Array.from({ length: count }, () => "null"), '{"after":true}'];
}
