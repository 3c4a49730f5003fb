import { setTimeout as delay } from "node:timers/promises";
import type { Kafka, Producer, RecordMetadata } from "kafkajs";
import { classifyKafkaError, rootKafkaError } from "./kafka-errors.ts";
import type { Logger } from "./log.ts";
import { StickyPartitionCache, partitionForKey } from "./partitioner.ts";
import { MetadataTimeout, type TopicInfo, type TopicMetadataCache } from "./topic-metadata.ts";

export interface OutgoingRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** Explicit partition (record field or URL); undefined lets the partitioner choose. */
  partition: number | undefined;
  headers?: Array<{ name: string; value: Buffer | null }>;
  timestamp?: number;
}

export type RecordResult =
  | { ok: true; partition: number; offset: string; timestamp: number }
  | { ok: false; code: number; status: number; message: string };

interface Pending {
  topic: string;
  partition: number;
  record: OutgoingRecord;
  size: number;
  timestamp: number;
  resolve(result: RecordResult): void;
}

/** Java's batch.size: a sticky partition moves on once its open batch would exceed this. */
const BATCH_SIZE = 16384;
/** Keeps each merged broker request under the broker's default message.max.bytes. */
const MAX_FLUSH_BYTES = 900_000;

/** How the Java producer's retries are bounded: `delivery.timeout.ms` and `retry.backoff.ms`. */
export interface DeliverySettings {
  deliveryTimeoutMs: number;
  retryBackoffMs: number;
}

export const JAVA_DELIVERY: DeliverySettings = { deliveryTimeoutMs: 120_000, retryBackoffMs: 100 };

/** Failures the Java producer retries until `delivery.timeout.ms`: a broker gone, or leadership on the move. */
const TRANSIENT_NAMES = new Set([
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSRequestTimeoutError",
]);
const TRANSIENT_TYPES = new Set([
  "NOT_LEADER_FOR_PARTITION",
  "NOT_LEADER_OR_FOLLOWER",
  "LEADER_NOT_AVAILABLE",
  "BROKER_NOT_AVAILABLE",
  "REQUEST_TIMED_OUT",
  "NOT_ENOUGH_REPLICAS",
  "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
]);

function isTransient(error: unknown): boolean {
  const root = rootKafkaError(error);
  return TRANSIENT_NAMES.has(root.name ?? "") || TRANSIENT_TYPES.has(root.type ?? "");
}

// Module-level, not closures inside the size check: a function made per record costs more than the check itself.
function varint(n: number): number {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  let bytes = 1;
  while ((v & 0xffffff80) !== 0) {
    bytes++;
    v >>>= 7;
  }
  return bytes;
}

function part(b: Buffer | null): number {
  return b === null ? 1 : varint(b.length) + b.length;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** `DefaultRecord.recordSizeUpperBound` + batch overhead, as the Java producer's size check computes it. */
export function serializedSizeUpperBound(record: OutgoingRecord): number {
  let size = 61 + 21 + part(record.key) + part(record.value);
  const headers = record.headers ?? [];
  size += varint(headers.length);
  for (const h of headers) {
    const name = Buffer.byteLength(h.name);
    size += varint(name) + name + part(h.value);
  }
  return size;
}

/**
 * The records of one drain, one batch per topic partition, as the Java producer's accumulator holds them: a
 * broker's answer fails or stores a partition's batch, never the batches of other partitions sent beside it.
 */
function partitionBatches(records: Pending[]): Pending[][] {
  const groups = new Map<string, Map<number, Pending[]>>();
  const batches: Pending[][] = [];
  for (const p of records) {
    let partitions = groups.get(p.topic);
    if (partitions === undefined) groups.set(p.topic, (partitions = new Map()));
    const list = partitions.get(p.partition);
    if (list) list.push(p);
    else {
      const batch = [p];
      partitions.set(p.partition, batch);
      batches.push(batch);
    }
  }
  return batches;
}

/**
 * The proxy's one shared producer. Records from concurrent HTTP requests are gathered while a send is in
 * flight and go out together, one batch per partition, much as the Java producer's accumulator batches them;
 * each record's offset is its batch's base offset plus its position, so every HTTP request still gets per-record
 * results, and a partition the broker refuses fails only the records sent to it.
 */
export class RestProducer {
  private producer: Producer;
  private readonly queue: Pending[] = [];
  private sending = false;
  private readonly sticky = new StickyPartitionCache();
  /** The bytes of each partition's open batch, by topic and partition (no key string per record). */
  private readonly openBatchBytes = new Map<string, Map<number, number>>();
  /** Topics the current kafkajs producer has written to: it refreshes metadata for all of them. */
  private readonly written = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly metadata: TopicMetadataCache,
    private readonly maxRequestSize: number,
    private readonly logger: Logger,
    private readonly delivery: DeliverySettings = JAVA_DELIVERY,
  ) {
    this.producer = this.create();
  }

  private create(): Producer {
    // The real proxy forces enable.idempotence off (KafkaRestConfig), so a produce request that times out and is
    // retried can store its records twice, as on AWS; pinpipe's producer must not hide that. In-flight requests
    // are the Java producer's default of 5 (this class sends one batch at a time, so it keeps their order).
    // Every message carries the partition chosen here, so kafkajs' own partitioner only echoes it.
    return this.kafka.producer({
      idempotent: false,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
      createPartitioner:
        () =>
        ({ message }) =>
          message.partition ?? 0,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Sends one request's records; resolves once every record has a result, in input order. */
  async produce(topic: string, records: OutgoingRecord[]): Promise<RecordResult[]> {
    // The real proxy calls KafkaProducer.send once per record, in order, and each call waits up to max.block.ms for
    // its topic's metadata: N records to a topic that never appears take N times max.block.ms. Known metadata costs
    // no wait, so the records of a request still reach the queue in the same tick and are sent together (and
    // cost no promise each).
    const results: Array<Promise<RecordResult> | RecordResult> = [];
    for (const record of records) {
      const info =
        this.metadata.known(topic, record.partition) ??
        (await this.metadata.await(topic, record.partition).catch(asError));
      results.push(this.produceOne(topic, record, info));
    }
    return Promise.all(results);
  }

  private produceOne(
    topic: string,
    record: OutgoingRecord,
    info: TopicInfo | Error,
  ): Promise<RecordResult> | RecordResult {
    // The Java producer waits for the topic's metadata before it serializes the record and checks its size.
    if (info instanceof Error) {
      if (info instanceof MetadataTimeout) return { ok: false, code: 50003, status: 200, message: info.message };
      const f = classifyKafkaError(info);
      return { ok: false, code: f.code, status: f.status, message: f.message };
    }
    const size = serializedSizeUpperBound(record);
    if (size > this.maxRequestSize) {
      return {
        ok: false,
        code: 50002,
        status: 200,
        message: `The message is ${size} bytes when serialized which is larger than ${this.maxRequestSize}, which is the value of the max.request.size configuration.`,
      };
    }
    let partition: number;
    if (record.partition !== undefined) partition = record.partition;
    else if (record.key !== null) partition = partitionForKey(record.key, info.partitions.length);
    else partition = this.stickyPartition(topic, info.available, info.partitions.length, size);
    return new Promise<RecordResult>((resolve) => {
      let open = this.openBatchBytes.get(topic);
      if (open === undefined) this.openBatchBytes.set(topic, (open = new Map()));
      open.set(partition, (open.get(partition) ?? 0) + size);
      this.queue.push({ topic, partition, record, size, timestamp: record.timestamp ?? Date.now(), resolve });
      this.kick();
    });
  }

  /** KIP-480: stay on the topic's partition while its batch is open and has room, else move on. */
  private stickyPartition(topic: string, available: number[], count: number, size: number): number {
    const current = this.sticky.partition(topic, available, count);
    const open = this.openBatchBytes.get(topic)?.get(current);
    if (open !== undefined && open + size <= BATCH_SIZE) return current;
    return this.sticky.onNewBatch(topic, available, count, current);
  }

  private kick(): void {
    if (this.sending) return;
    this.sending = true;
    // Let the records of requests arriving in the same tick join this send.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        const batches = partitionBatches(batch);
        for (const [first] of batches) this.openBatchBytes.get(first!.topic)?.delete(first!.partition);
        await Promise.all(batches.map((records) => this.send(records)));
      }
    } finally {
      this.sending = false;
      if (this.queue.length > 0) this.kick();
    }
  }

  private take(): Pending[] {
    const out: Pending[] = [];
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (out.length > 0 && bytes + next.size > MAX_FLUSH_BYTES) break;
      out.push(this.queue.shift()!);
      bytes += next.size;
    }
    return out;
  }

  /**
   * kafkajs refreshes metadata for every topic this producer ever wrote to, and once one of them is deleted
   * every refresh fails with UNKNOWN_TOPIC_OR_PARTITION, for all topics. The Java producer just forgets such
   * a topic. A fresh kafkajs producer forgets it too, so: replace the producer when the batch's own topics
   * still exist. The refresh fails before anything is sent, so sending the batch again cannot duplicate it.
   */
  private async recoverFromDeletedTopic(error: unknown, topics: string[]): Promise<boolean> {
    if (classifyKafkaError(error).type !== "UNKNOWN_TOPIC_OR_PARTITION") return false;
    for (const topic of topics) this.metadata.invalidate(topic);
    const known = await Promise.all(topics.map((t) => this.metadata.lookup(t).catch(() => undefined)));
    if (known.some((info) => info === undefined)) return false;
    await this.replaceProducer();
    return true;
  }

  private async replaceProducer(): Promise<void> {
    const stale = this.producer;
    this.producer = this.create();
    this.written.clear();
    await this.producer.connect();
    await stale.disconnect().catch(() => undefined);
    this.logger.log("INFO", "producer replaced: a topic it had written to was deleted");
  }

  /**
   * Before a new topic joins the producer's set (which makes kafkajs refresh metadata for the whole set),
   * checks that the topics already in it still exist, so a deleted one costs no failed, retried refresh.
   */
  private async forgetDeletedTopics(topics: string[]): Promise<void> {
    if (this.written.size === 0 || topics.every((t) => this.written.has(t))) return;
    const known = [...this.written];
    for (const topic of known) this.metadata.invalidate(topic);
    const infos = await Promise.all(known.map((t) => this.metadata.lookup(t).catch(() => null)));
    if (infos.some((info) => info === undefined)) await this.replaceProducer();
  }

  /**
   * Sends a batch; a transient failure (the partition's leader gone, a broker restarting) is sent again after
   * `retry.backoff.ms` with fresh metadata until `delivery.timeout.ms` has passed since the first attempt, as the
   * Java producer's `retries=MAX_INT` does, so a broker restart costs the client time, not records. Since the
   * producer is not idempotent, a retried batch that had reached the broker is stored twice, as on AWS.
   */
  private async send(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, Pending[]>();
    for (const p of batch) {
      const list = byTopic.get(p.topic) ?? [];
      list.push(p);
      byTopic.set(p.topic, list);
    }
    const topics = [...byTopic.keys()];
    const firstAttemptAt = Date.now();
    let recovered = false;
    for (;;) {
      try {
        const meta = await this.sendOnce(byTopic);
        this.resolveOffsets(batch, meta);
        return;
      } catch (error) {
        if (!recovered && (await this.recoverFromDeletedTopic(error, topics))) {
          recovered = true;
          continue;
        }
        for (const t of topics) this.metadata.invalidate(t);
        const f = classifyKafkaError(error);
        if (!isTransient(error)) {
          this.logger.log("WARN", `produce of ${batch.length} record(s) failed: ${f.message}`);
          for (const p of batch) p.resolve({ ok: false, code: f.code, status: f.status, message: f.message });
          return;
        }
        const elapsed = Date.now() - firstAttemptAt;
        if (elapsed + this.delivery.retryBackoffMs >= this.delivery.deliveryTimeoutMs) {
          this.expire(batch, elapsed);
          return;
        }
        this.logger.log("WARN", `produce of ${batch.length} record(s) failed, retrying: ${f.message}`);
        await delay(this.delivery.retryBackoffMs);
      }
    }
  }

  private async sendOnce(byTopic: Map<string, Pending[]>): Promise<RecordMetadata[]> {
    await this.forgetDeletedTopics([...byTopic.keys()]);
    for (const topic of byTopic.keys()) this.written.add(topic);
    return this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((p) => ({
          key: p.record.key,
          value: p.record.value,
          partition: p.partition,
          timestamp: String(p.timestamp),
          headers: p.record.headers
            ? Object.fromEntries(p.record.headers.map((h) => [h.name, h.value ?? undefined]))
            : undefined,
        })),
      })),
    });
  }

  /** The Java producer's answer for records whose delivery timeout ran out: a TimeoutException (retriable). */
  private expire(batch: Pending[], elapsedMs: number): void {
    const counts = new Map<string, number>();
    const batchOf = (p: Pending): string => `${p.topic}-${p.partition}`;
    for (const p of batch) counts.set(batchOf(p), (counts.get(batchOf(p)) ?? 0) + 1);
    for (const p of batch) {
      p.resolve({
        ok: false,
        code: 50003,
        status: 200,
        message: `Expiring ${counts.get(batchOf(p))} record(s) for ${batchOf(p)}:${elapsedMs} ms has passed since batch creation`,
      });
    }
  }

  /** Each record's offset: its partition batch's base offset plus its position in that batch. */
  private resolveOffsets(batch: Pending[], meta: RecordMetadata[]): void {
    for (const records of partitionBatches(batch)) {
      const { topic, partition } = records[0]!;
      const answer = meta.find((m) => m.topicName === topic && m.partition === partition);
      const base = BigInt(answer?.baseOffset ?? "-1");
      if (base < 0n) {
        for (const p of records) {
          p.resolve({ ok: false, code: 50002, status: 200, message: "No offset returned by the broker." });
        }
        continue;
      }
      // Offsets are 64-bit; plain numbers add them exactly (and cheaply) while the last one stays below 2^53.
      const exact = base + BigInt(records.length) <= BigInt(Number.MAX_SAFE_INTEGER);
      const first = Number(base);
      records.forEach((p, index) => {
        const offset = exact ? String(first + index) : (base + BigInt(index)).toString();
        p.resolve({ ok: true, partition: p.partition, offset, timestamp: p.timestamp });
      });
    }
  }
}
