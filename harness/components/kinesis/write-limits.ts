/** A shard takes at most 1,000 records and 1 MiB (data plus partition keys) per second. */
export const SHARD_WRITE_LIMITS = { records: 1000, bytes: 1048576, windowMs: 1000 } as const;

interface Window {
  writes: { atMs: number; bytes: number }[];
  records: number;
  bytes: number;
}

/**
 * Per-shard write throughput over a sliding one-second window, as Kinesis enforces it: a record past either limit
 * is refused (ProvisionedThroughputExceededException) and takes nothing from the shard's allowance.
 */
export class WriteLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: { records: number; bytes: number; windowMs: number } = SHARD_WRITE_LIMITS) {}

  /** Counts a record against its shard and says whether the shard takes it. */
  admit(shardKey: string, bytes: number, nowMs: number): boolean {
    let window = this.windows.get(shardKey);
    if (!window) {
      window = { writes: [], records: 0, bytes: 0 };
      this.windows.set(shardKey, window);
    }
    const since = nowMs - this.limits.windowMs;
    let expired = 0;
    while (expired < window.writes.length && (window.writes[expired]?.atMs ?? 0) <= since) {
      window.records -= 1;
      window.bytes -= window.writes[expired]?.bytes ?? 0;
      expired++;
    }
    if (expired > 0) window.writes.splice(0, expired);
    if (window.records + 1 > this.limits.records || window.bytes + bytes > this.limits.bytes) return false;
    window.writes.push({ atMs: nowMs, bytes });
    window.records += 1;
    window.bytes += bytes;
    return true;
  }

  /** Forgets a stream's shards (it was deleted; a new one of the same name starts afresh). */
  forget(streamName: string): void {
    for (const key of [...this.windows.keys()]) if (key.startsWith(`${streamName}/`)) this.windows.delete(key);
  }
}
