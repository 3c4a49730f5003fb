/**
 * Partition choice of the Kafka 3.2 Java DefaultPartitioner, which the real proxy's producer uses: murmur2 of
 * the serialized key for keyed records, sticky partitioning (KIP-480) for null keys.
 */

/** Kafka's murmur2 (`Utils.murmur2`): seed 0x9747b28c, little-endian 4-byte blocks, signed 32-bit result. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (0x9747b28c ^ length) | 0;
  const blocks = length >> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i << 2;
    let k =
      (data[o]! & 0xff) | ((data[o + 1]! & 0xff) << 8) | ((data[o + 2]! & 0xff) << 16) | ((data[o + 3]! & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = blocks << 2;
  // The Java switch falls through from 3 to 1; written as cumulative ifs.
  const rest = length & 3;
  if (rest === 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** `Utils.toPositive`: clears the sign bit (not Math.abs, which differs for negative values). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return toPositive(murmur2(key)) % partitionCount;
}

/**
 * KIP-480 sticky partition cache: a topic keeps one partition for null-key records until a new batch is
 * started, then moves to a random other available partition. `random` is injectable for deterministic specs.
 */
export class StickyPartitionCache {
  private readonly current = new Map<string, number>();
  constructor(private readonly random: () => number = Math.random) {}

  partition(topic: string, available: readonly number[], partitionCount: number): number {
    const cached = this.current.get(topic);
    if (cached !== undefined) return cached;
    return this.next(topic, available, partitionCount, undefined);
  }

  /** Called when a record for `topic` opens a new batch on `previous` (Java `onNewBatch`). */
  onNewBatch(topic: string, available: readonly number[], partitionCount: number, previous: number): number {
    if (this.current.get(topic) !== previous) return this.current.get(topic) ?? previous;
    return this.next(topic, available, partitionCount, previous);
  }

  private next(topic: string, available: readonly number[], count: number, previous: number | undefined): number {
    let choice: number;
    if (available.length === 0) {
      choice = Math.floor(this.random() * count);
    } else if (available.length === 1) {
      choice = available[0]!;
    } else {
      const others = previous === undefined ? available : available.filter((p) => p !== previous);
      choice = others[Math.floor(this.random() * others.length)] ?? available[0]!;
    }
    this.current.set(topic, choice);
    return choice;
  }
}
