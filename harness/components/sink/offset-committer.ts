import { setTimeout as delay } from "node:timers/promises";

export interface OffsetToCommit {
  topic: string;
  partition: number;
  /** The next offset to read, as Kafka stores commits. */
  offset: number;
}

/** How long a failed commit waits before the next attempt carries its offsets again. */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * A task's offset commits, sent as WorkerSinkTask sends them (commitAsync): one request at a time, with the newest
 * offset of each partition, never holding up consumption. A commit that waited inside the consumer's batch would
 * also hold up its heartbeats and rejoins: after the group's coordinator moves (a broker restarts), the commit
 * waits for a rejoin that waits for the commit, and the group empties while the task still says RUNNING. A failed
 * commit is logged and its offsets go with the next attempt, unless a newer offset of the partition came meanwhile.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, OffsetToCommit>();
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly commit: (offsets: OffsetToCommit[]) => Promise<void>,
    private readonly onFailure: (error: unknown, offsets: OffsetToCommit[]) => void,
  ) {}

  offer(offset: OffsetToCommit): void {
    if (this.closed) return;
    this.pending.set(`${offset.topic}\u0000${offset.partition}`, offset);
    this.kick();
  }

  /** Resolves once nothing is pending or in flight (a graceful stop commits what it uploaded), or at `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.flushing || this.pending.size > 0) && Date.now() < deadline) {
      await Promise.race([this.flushing, delay(Math.max(0, deadline - Date.now()), undefined, { ref: false })]);
    }
  }

  /** No more commits: a crash (or the end of a stop) drops what is pending, as a dead worker's would be. */
  close(): void {
    this.closed = true;
    this.pending.clear();
  }

  private kick(): void {
    if (this.flushing || this.closed || this.pending.size === 0) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      this.kick();
    });
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.commit(batch);
    } catch (error) {
      if (this.closed) return;
      this.onFailure(error, batch);
      for (const offset of batch) {
        const key = `${offset.topic}\u0000${offset.partition}`;
        if (!this.pending.has(key)) this.pending.set(key, offset);
      }
      await delay(RETRY_AFTER_FAILURE_MS, undefined, { ref: false });
    }
  }
}
