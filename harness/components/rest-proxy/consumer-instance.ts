import { randomBytes } from "node:crypto";
import type { Consumer, EachBatchPayload, Kafka } from "kafkajs";
import { illegalState } from "./errors.ts";
import type { Logger } from "./log.ts";
import type { EmbeddedFormat } from "./media.ts";

export interface BufferedRecord {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

export interface InstanceConfig {
  format: EmbeddedFormat;
  autoOffsetReset: "latest" | "earliest" | "none";
  autoCommit: boolean;
  fetchMinBytes: number;
  requestWaitMs: number | undefined;
}

export type TopicPartition = { topic: string; partition: number };
export const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * One v2 consumer instance. kafkajs pushes batches while the Java consumer is polled, so fetched records are
 * held in a buffer that reads drain; a batch is acknowledged to kafkajs (and becomes committable) only once
 * reads have delivered it, which keeps auto-commit at "consumed" positions as in the real proxy.
 *
 * As in Java, subscribing or assigning only records the target: the group is joined (and a `latest` reset
 * resolved) by the first read's poll, so records produced between subscribing and the first read are skipped.
 */
export class ConsumerInstance {
  lastAccess = Date.now();
  subscription: { topics?: string[]; pattern?: RegExp } | undefined;
  manual: TopicPartition[] | undefined;
  private consumer: Consumer | undefined;
  /** True once `consumer.run` has been called for the current consumer, so `consumer.seek` is accepted. */
  private running = false;
  private starting: Promise<void> | undefined;
  /** Seeks kafkajs cannot take yet (no running consumer); applied as the next consumer starts. */
  private readonly pendingSeeks = new Map<string, { topic: string; partition: number; offset: bigint }>();
  /** Consecutive crashes, for the restart backoff; reset once a batch arrives. */
  private crashes = 0;
  /** No consumer is started before this time (backoff after a crash). */
  private notBefore = 0;
  /** The previous consumer's disconnect, which a new consumer waits for. */
  private stopped: Promise<void> = Promise.resolve();
  private readonly buffer: BufferedRecord[] = [];
  private waiting: Array<() => void> = [];
  /** Partitions the group (or the manual assignment) currently gives this instance. */
  readonly assigned = new Set<string>();
  /** Next offset to deliver per partition: what a commit without a body commits. */
  readonly positions = new Map<string, bigint>();
  private generation = 0;
  closed = false;

  constructor(
    readonly group: string,
    readonly id: string,
    readonly config: InstanceConfig,
    private readonly kafka: Kafka,
    private readonly logger: Logger,
  ) {}

  touch(): void {
    this.lastAccess = Date.now();
  }

  subscribe(topics: string[] | undefined, pattern: string | undefined): void {
    if (this.manual) {
      throw illegalState("Subscription to topics, partitions and pattern are mutually exclusive");
    }
    if (topics !== undefined) this.subscription = { topics };
    else if (pattern !== undefined) this.subscription = { pattern: new RegExp(`^(?:${pattern})$`) };
    else return;
    this.retarget();
  }

  assign(partitions: TopicPartition[]): void {
    if (this.subscription) {
      throw illegalState("Subscription to topics, partitions and pattern are mutually exclusive");
    }
    this.retarget();
    this.manual = partitions;
    for (const p of partitions) this.assigned.add(tpKey(p.topic, p.partition));
  }

  async unsubscribe(): Promise<void> {
    this.subscription = undefined;
    this.manual = undefined;
    this.retarget();
    await this.stopped;
  }

  /** A new target revokes everything: positions are forgotten and the next read's poll joins afresh. */
  private retarget(): void {
    this.assigned.clear();
    this.positions.clear();
    this.pendingSeeks.clear();
    this.crashes = 0;
    this.notBefore = 0;
    this.stopped = this.stopConsumer();
  }

  /** Every poll of a read (as Java's): starts the consumer when the target has none yet. */
  poll(): void {
    if (this.closed || this.consumer || this.starting || !this.hasTarget() || Date.now() < this.notBefore) return;
    const generation = this.generation;
    this.starting = this.stopped.then(() => this.startWithRetry(generation));
  }

  hasTarget(): boolean {
    return this.subscription !== undefined || (this.manual !== undefined && this.manual.length > 0);
  }

  subscribedTopics(): string[] {
    if (this.subscription?.topics) return this.subscription.topics;
    const topics = new Set<string>();
    for (const k of this.assigned) topics.add(k.split("\u0000")[0] as string);
    return [...topics];
  }

  private async stopConsumer(): Promise<void> {
    this.generation++;
    const c = this.consumer;
    this.consumer = undefined;
    this.running = false;
    this.starting = undefined;
    this.buffer.length = 0;
    this.release();
    if (c) await c.disconnect().catch(() => undefined);
  }

  /**
   * After a crash the Java consumer would simply keep its positions; a new kafkajs consumer starts from the
   * committed offsets instead, so the delivered positions are carried over as seeks. Records fetched but not
   * yet delivered are dropped with the old consumer and fetched again, never delivered twice.
   */
  private restartAfterCrash(): void {
    this.notBefore = Date.now() + Math.min(5000, 250 * 2 ** this.crashes++);
    for (const [k, offset] of this.positions) {
      const [topic = "", partition = "0"] = k.split("\u0000");
      this.pendingSeeks.set(k, { topic, partition: Number(partition), offset });
    }
    // The next poll (a read in progress, or the next one) starts the new consumer.
    this.stopped = this.stopConsumer();
  }

  /** The group coordinator may still be loading on a fresh broker; keep trying, as the Java consumer's poll does. */
  private async startWithRetry(generation: number): Promise<void> {
    for (let attempt = 0; generation === this.generation && !this.closed; attempt++) {
      try {
        await this.start(generation);
        return;
      } catch (error) {
        this.logger.log(
          "WARN",
          `consumer ${this.group}/${this.id} failed to start (attempt ${attempt + 1}): ${String(error)}`,
        );
        // A retarget meanwhile has already stopped this consumer, and may have started the next one.
        if (generation !== this.generation) return;
        const c = this.consumer;
        this.consumer = undefined;
        this.running = false;
        await c?.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
      }
    }
  }

  private async start(generation: number): Promise<void> {
    // A manually assigned instance is not a group member in Java; a private group keeps kafkajs from
    // rebalancing with others, and commits go to the instance's real group through the admin client.
    const groupId = this.manual ? `${this.group}.assign.${randomBytes(6).toString("hex")}` : this.group;
    // kafkajs would restart a crashed consumer itself, losing seeks and re-fetching records still buffered
    // here; restarting through this wrapper carries positions over instead (see restartAfterCrash).
    const consumer = this.kafka.consumer({
      groupId,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30000,
      retry: { restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    if (!this.manual) {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        if (generation !== this.generation) return;
        this.assigned.clear();
        for (const [topic, parts] of Object.entries(payload.memberAssignment)) {
          for (const p of parts) this.assigned.add(tpKey(topic, p));
        }
      });
    }
    await consumer.connect();
    const fromBeginning = this.config.autoOffsetReset === "earliest";
    const topics = this.manual
      ? [...new Set(this.manual.map((p) => p.topic))]
      : (this.subscription?.topics ?? [this.subscription!.pattern!]);
    await consumer.subscribe({ topics, fromBeginning });
    if (generation !== this.generation) return;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (generation !== this.generation || this.closed) return;
      this.logger.log("WARN", `consumer ${this.group}/${this.id} crashed: ${String(payload.error)}; restarting`);
      this.restartAfterCrash();
    });
    const run = consumer.run({
      autoCommit: this.config.autoCommit && !this.manual,
      autoCommitInterval: 5000,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload, generation),
    });
    // kafkajs creates the consumer group synchronously inside run(), so seeks are accepted from here on.
    this.running = true;
    for (const [k, s] of this.pendingSeeks) {
      this.pendingSeeks.delete(k);
      this.seekConsumer(s.topic, s.partition, s.offset);
    }
    await run;
  }

  private async onBatch(payload: EachBatchPayload, generation: number): Promise<void> {
    const { batch } = payload;
    const key = tpKey(batch.topic, batch.partition);
    if (this.manual && !this.assigned.has(key)) {
      // Partitions outside a manual assignment are fetched by the private group but never delivered.
      return;
    }
    const records = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: BigInt(m.offset),
      key: m.key,
      value: m.value,
    }));
    const last = records[records.length - 1];
    if (!last) return;
    this.crashes = 0;
    this.buffer.push(...records);
    // Hold the batch until reads have delivered it, heartbeating so the group keeps us.
    while (generation === this.generation && !payload.isStale() && payload.isRunning()) {
      const delivered = (this.positions.get(key) ?? -1n) > last.offset;
      const dropped = !this.buffer.some((r) => r.topic === batch.topic && r.partition === batch.partition);
      if (delivered || dropped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await payload.heartbeat().catch(() => undefined);
    }
    const pos = this.positions.get(key);
    if (pos !== undefined && pos > 0n && generation === this.generation && !payload.isStale()) {
      payload.resolveOffset(String(pos - 1n));
      await payload.commitOffsetsIfNecessary().catch(() => undefined);
    }
  }

  private release(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f();
  }

  /**
   * Takes records for one read: stops early when the next record would bring the total to `maxBytes`;
   * reports whether the read should end now (early stop or `fetch.min.bytes` passed).
   */
  take(out: BufferedRecord[], bytes: number, maxBytes: number): { bytes: number; done: boolean } {
    while (this.buffer.length > 0) {
      const r = this.buffer[0]!;
      const size = (r.key?.length ?? 0) + (r.value?.length ?? 0);
      if (maxBytes > 0 && bytes + size >= maxBytes) return { bytes, done: true };
      this.buffer.shift();
      out.push(r);
      bytes += size;
      this.positions.set(tpKey(r.topic, r.partition), r.offset + 1n);
      if (this.config.fetchMinBytes >= 0 && bytes > this.config.fetchMinBytes) {
        this.release();
        return { bytes, done: true };
      }
    }
    this.release();
    return { bytes, done: false };
  }

  /** Moves a partition's next read to `offset`, as the Java `seek`. */
  seek(topic: string, partition: number, offset: bigint): void {
    const key = tpKey(topic, partition);
    if (!this.assigned.has(key)) throw illegalState(`No current assignment for partition ${topic}-${partition}`);
    for (let i = this.buffer.length - 1; i >= 0; i--) {
      const r = this.buffer[i]!;
      if (r.topic === topic && r.partition === partition) this.buffer.splice(i, 1);
    }
    this.positions.set(key, offset);
    this.release();
    this.seekConsumer(topic, partition, offset);
  }

  private seekConsumer(topic: string, partition: number, offset: bigint): void {
    const key = tpKey(topic, partition);
    try {
      if (!this.consumer || !this.running) throw new Error("no running consumer");
      this.consumer.seek({ topic, partition, offset: offset.toString() });
    } catch {
      // Between a crash and the restart kafkajs has no group to seek in: keep the seek for the next consumer.
      this.pendingSeeks.set(key, { topic, partition, offset });
    }
  }

  /** Commits through the group member when there is one. */
  async commit(offsets: Array<TopicPartition & { offset: bigint }>): Promise<boolean> {
    if (!this.consumer || this.manual) return false;
    await this.consumer.commitOffsets(offsets.map((o) => ({ ...o, offset: o.offset.toString() })));
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopConsumer();
  }
}
