/**
 * Iteration order of a `java.util.HashMap<String, ?>` filled in a given order. Kafka's JsonConverter turns every
 * schemaless JSON object into a HashMap, so the S3 sink writes keys in this order, not in the order they arrived.
 */

/** `String.hashCode` over UTF-16 code units, with int overflow. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap mixes the high half into the low half before masking, so short keys still spread. */
function spread(h: number): number {
  return h ^ (h >>> 16);
}

const INITIAL_CAPACITY = 16;
const LOAD_FACTOR = 0.75;
/** A bin that already holds this many nodes is converted to a tree (or the table grows while it is small). */
const TREEIFY_AT = 8;
const MIN_TREEIFY_CAPACITY = 64;

export interface HashMapLayout {
  /** Keys in iteration order. */
  keys: string[];
  capacity: number;
  /** True when a bin became a red-black tree, whose iteration order this model does not reproduce. */
  treeified: boolean;
}

/**
 * Lays out distinct keys (first-appearance order) as HashMap does: append to the bin's tail, grow on load factor
 * or on a crowded bin while the table is small; a resize keeps relative order within each split bin, so the final
 * order is (bucket under the final capacity, insertion index).
 */
export function hashMapLayout(distinctKeys: readonly string[]): HashMapLayout {
  const hashes = distinctKeys.map((k) => spread(javaStringHash(k)));
  let capacity = INITIAL_CAPACITY;
  let counts = new Map<number, number>();
  let treeified = false;
  const recount = (n: number): void => {
    counts = new Map();
    for (let i = 0; i < n; i++) {
      const b = (hashes[i] as number) & (capacity - 1);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
  };
  for (let i = 0; i < hashes.length; i++) {
    const bucket = (hashes[i] as number) & (capacity - 1);
    const before = counts.get(bucket) ?? 0;
    counts.set(bucket, before + 1);
    if (before >= TREEIFY_AT) {
      if (capacity < MIN_TREEIFY_CAPACITY) {
        capacity *= 2;
        recount(i + 1);
      } else treeified = true;
    }
    if (i + 1 > capacity * LOAD_FACTOR) {
      capacity *= 2;
      recount(i + 1);
    }
  }
  const order = distinctKeys.map((_, i) => i);
  order.sort((a, b) => ((hashes[a] as number) & (capacity - 1)) - ((hashes[b] as number) & (capacity - 1)) || a - b);
  return { keys: order.map((i) => distinctKeys[i] as string), capacity, treeified };
}

/** Entries in HashMap iteration order; a repeated key keeps its first position and its last value. */
export function hashMapEntries<V>(entries: Iterable<readonly [string, V]>): [string, V][] {
  const values = new Map<string, V>();
  for (const [k, v] of entries) values.set(k, v);
  return hashMapLayout([...values.keys()]).keys.map((k) => [k, values.get(k) as V]);
}
