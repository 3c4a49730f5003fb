import { readJackson, type JsonTreeBuilder } from "../../../java/jackson-parser.ts";
import { hashMapLayout } from "../../../java/hashmap-order.ts";
import { jacksonQuote } from "../../../java/json-escape.ts";

/**
 * How JsonConverter and Jackson write one kind of object: its members as HashMap iteration orders them (a repeated
 * key keeps its first position and its last value), each after its quoted key. A topic's records mostly share
 * their keys, so the order is worked out once per key list, from the keys' raw bytes, and not once per record.
 */
export interface ObjectShape {
  /** The members' raw key bytes (between the quotes), one after another, in arrival order. */
  readonly rawKeys: Uint8Array;
  /** Where each member's key ends in `rawKeys`. */
  readonly rawKeyEnds: Int32Array;
  /** For each member written, in iteration order: the arrival index of the member whose value it writes. */
  readonly sources: Int32Array;
  /**
   * What goes before each member's value, `"key":` (with a comma before all but the first), one after another in
   * the order they are written; a DataView, which copies them fastest.
   */
  readonly prefixes: DataView;
  /** Where each member's prefix ends in `prefixes`. */
  readonly prefixEnds: Int32Array;
  /** Another shape whose raw keys hash the same. */
  next: ObjectShape | undefined;
}

/** Where a candidate object's keys are: member `i` of it has its raw key at `starts[from + i]..ends[from + i]`. */
export interface RawKeys {
  readonly src: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly from: number;
  readonly count: number;
}

/** Shapes kept: past this many (keys that differ from record to record), the cache starts again. */
const SHAPES_KEPT = 2048;

const keyText = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class NotAKey extends Error {}

function notAKey(): never {
  throw new NotAKey();
}

// Reads a key exactly as the parser of the general path reads a string: the same unescaping, the same refusals.
const KEY_TREE: JsonTreeBuilder<string> = {
  object: notAKey,
  array: notAKey,
  string: (text) => text,
  integer: notAKey,
  floating: notAKey,
  literal: notAKey,
};

/** A key as Jackson reads it, from its bytes between the quotes; undefined when Jackson would refuse it. */
function decodeKey(src: Uint8Array, start: number, end: number): string | undefined {
  try {
    return readJackson(`"${keyText.decode(src.subarray(start, end))}"`, KEY_TREE);
  } catch {
    return undefined;
  }
}

function sameKeys(shape: ObjectShape, keys: RawKeys): boolean {
  const ends = shape.rawKeyEnds;
  if (ends.length !== keys.count) return false;
  const raw = shape.rawKeys;
  const src = keys.src;
  let at = 0;
  for (let m = 0; m < keys.count; m++) {
    const start = keys.starts[keys.from + m] as number;
    const length = (keys.ends[keys.from + m] as number) - start;
    if ((ends[m] as number) - at !== length) return false;
    for (let k = 0; k < length; k++) if (raw[at + k] !== src[start + k]) return false;
    at += length;
  }
  return true;
}

function buildShape(keys: RawKeys): ObjectShape | undefined {
  const names: string[] = [];
  const rawKeyEnds = new Int32Array(keys.count);
  let rawLength = 0;
  for (let m = 0; m < keys.count; m++) {
    const start = keys.starts[keys.from + m] as number;
    const end = keys.ends[keys.from + m] as number;
    const name = decodeKey(keys.src, start, end);
    if (name === undefined) return undefined;
    names.push(name);
    rawLength += end - start;
    rawKeyEnds[m] = rawLength;
  }
  const rawKeys = new Uint8Array(rawLength);
  for (let m = 0, at = 0; m < keys.count; m++) {
    const start = keys.starts[keys.from + m] as number;
    rawKeys.set(keys.src.subarray(start, keys.ends[keys.from + m]), at);
    at = rawKeyEnds[m] as number;
  }
  // A Map keeps a key where it was first put and takes its last value: a HashMap filled in arrival order does too.
  const lastArrival = new Map<string, number>();
  names.forEach((name, m) => lastArrival.set(name, m));
  const distinct = [...lastArrival.keys()];
  const order = distinct.length < 2 ? distinct : hashMapLayout(distinct).keys;
  const prefixTexts = order.map((name, j) => `${j === 0 ? "" : ","}${jacksonQuote(name)}:`);
  const prefixes = Buffer.from(prefixTexts.join(""), "utf8");
  const prefixEnds = new Int32Array(order.length);
  prefixTexts.reduce((end, text, j) => (prefixEnds[j] = end + Buffer.byteLength(text, "utf8")), 0);
  return {
    rawKeys,
    rawKeyEnds,
    sources: Int32Array.from(order, (name) => lastArrival.get(name) as number),
    prefixes: new DataView(prefixes.buffer, prefixes.byteOffset, prefixes.length),
    prefixEnds,
    next: undefined,
  };
}

/** The shapes seen lately, by a hash of their raw keys. */
export class ObjectShapes {
  private readonly byHash = new Map<number, ObjectShape>();
  private size = 0;

  /** The shape of an object with these raw keys; undefined when a key is one Jackson would refuse. */
  find(hash: number, keys: RawKeys): ObjectShape | undefined {
    const first = this.byHash.get(hash);
    for (let shape = first; shape !== undefined; shape = shape.next) if (sameKeys(shape, keys)) return shape;
    const built = buildShape(keys);
    if (built === undefined) return undefined;
    if (this.size >= SHAPES_KEPT) {
      this.byHash.clear();
      this.size = 0;
    } else {
      built.next = first;
    }
    this.byHash.set(hash, built);
    this.size++;
    return built;
  }
}
