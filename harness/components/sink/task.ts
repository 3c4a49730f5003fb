import { setImmediate as nextTurn, setTimeout as delay } from "node:timers/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Consumer, EachBatchPayload, Kafka, Producer } from "kafkajs";
import type { ConnectData, Converter } from "./converters.ts";
import { JSON_CONVERTER, isNullData } from "./converters.ts";
import { sendToDlq, type Stage } from "./dlq.ts";
import { PartitionWriter, type ErrantReporter, type WriterSettings } from "./partition-writer.ts";
import { ConnectException, DataException } from "./partitioners/partitioner.ts";
import { headerStrings, rawHeaders, type RawRecord, type SinkRecord } from "./records.ts";
import type { TaskSettings } from "./sink-settings.ts";
import { buildWriterSettings } from "./sink-settings.ts";
import { RetriableS3Error, checkBucket, putMultipart, s3Client } from "./storage.ts";
import { TASK_CLASS } from "./connector-config.ts";
import type { SinkLogger } from "./log.ts";
import { exitingTask, javaTrace } from "./trace.ts";
import { OffsetCommitter } from "./offset-committer.ts";
import { createTopicsAndWait } from "../../runtime/kafka-admin.ts";

export type TaskState = "UNASSIGNED" | "RUNNING" | "PAUSED" | "FAILED";

export interface TaskDeps {
  kafka: Kafka;
  logger: SinkLogger;
  /** How often idle partitions get an empty put (for the rotation schedule); Connect's offset.flush.interval.ms. */
  idlePutIntervalMs: number;
  /** Lists the cluster's topics (for topics.regex, and to find topics that do not exist yet). */
  listTopics(): Promise<string[]>;
  /**
   * The consumer's `metadata.max.age.ms`: how often a `topics.regex` subscription looks for new matching topics.
   * A subscribed topic that does not exist yet is looked for every `retry.backoff.ms` instead, as the Java
   * consumer asks for its metadata again and again.
   */
  metadataMaxAgeMs: number;
}

/** The Java consumer's `retry.backoff.ms` between metadata requests for a topic it cannot find. */
const MISSING_TOPIC_RETRY_MS = 1_000;

function toleranceExceeded(cause: Error): ConnectException {
  return new ConnectException("Tolerance exceeded in error handler", { cause });
}

const NULL_FAIL = "Null valued records are not writeable with current behavior.on.null.values 'settings.";

/**
 * One sink task: a member of consumer group `connect-<name>` that converts, writes and uploads the records of the
 * partitions it is assigned, and commits a partition only after its files are uploaded.
 */
/** How long a stop waits for a start in flight to reach a point where it can give up. */
const START_WAIT_ON_STOP_MS = 10_000;
/** How long a stop waits for the offsets of uploaded files to be committed. */
const COMMIT_ON_STOP_MS = 5_000;
/** How long a consumer that stopped on a client defect waits before it joins again (kafkajs's restart delay). */
const REJOIN_DELAY_MS = 300;
/**
 * Records converted between two turns of the event loop. A fetch brings thousands, and converting them all at once
 * held up the other tasks' S3 answers (the tasks share the worker's thread) for tens of milliseconds each time.
 */
const RECORDS_PER_TURN = 1000;

export class SinkTask {
  state: TaskState = "UNASSIGNED";
  trace: string | undefined;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private client: S3Client | undefined;
  private writers = new Map<string, PartitionWriter>();
  private chains = new Map<string, Promise<void>>();
  private writerSettings: WriterSettings | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private topicTimer: NodeJS.Timeout | undefined;
  private paused = false;
  private stopped = false;
  private starting: Promise<void> | undefined;
  private topics: string[] = [];
  private readonly committer = new OffsetCommitter(
    async (offsets) => {
      await this.consumer?.commitOffsets(
        offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: String(offset) })),
      );
    },
    (error, offsets) =>
      this.deps.logger.error(
        `WorkerSinkTask{id=${this.connector}-${this.id}} Commit of offsets threw an unexpected exception: ` +
          `{${offsets.map((o) => `${o.topic}-${o.partition}=OffsetAndMetadata{offset=${o.offset}}`).join(", ")}}: ` +
          (error instanceof Error ? error.message : String(error)),
      ),
  );

  constructor(
    readonly connector: string,
    readonly id: number,
    private readonly settings: TaskSettings,
    private readonly deps: TaskDeps,
    private readonly onFailure: (task: SinkTask) => void,
  ) {}

  /** Starts consuming; a `stop()` that comes meanwhile waits for this and leaves no client running. */
  start(startPaused: boolean): Promise<void> {
    this.starting = this.begin(startPaused);
    return this.starting;
  }

  private async begin(startPaused: boolean): Promise<void> {
    const s = this.settings;
    try {
      this.writerSettings = buildWriterSettings(s);
      this.client = s3Client(s.s3, s.partRetries);
      await checkBucket(this.client, s.bucket);
      if (s.dlqTopic !== "") await this.setupDlq();
      this.topics = await this.subscribable();
      // Stopped while starting: a consumer made or run now would retry a broker that is going away, forever.
      if (this.stopped) return;
      const consumer = this.deps.kafka.consumer({
        groupId: `connect-${s.name}`,
        allowAutoTopicCreation: false,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 20_000,
        maxWaitTimeInMs: 500,
        maxBytesPerPartition: 4 * 1024 * 1024,
        // Java's retry.backoff.ms. kafkajs' default (300 ms) is also how long a task waits to rejoin a group that
        // another task joined meanwhile, which made a connector's three tasks take 240 ms more to start.
        retry: { retries: 10, initialRetryTime: 100 },
      });
      this.consumer = consumer;
      consumer.on(consumer.events.GROUP_JOIN, () => {
        // A rebalance restarts every partition from its committed offset: open files are dropped, as on revoke.
        for (const w of this.writers.values()) w.abort();
        this.writers.clear();
      });
      consumer.on(consumer.events.CRASH, (e) => {
        if (this.stopped) return;
        // The client's own error wraps the one that made it (a Java trace's "Caused by"): its stack is what
        // locates a fault in the client.
        const cause = (e.payload.error as Error).cause;
        this.deps.logger.warn(
          `WorkerSinkTask{id=${this.connector}-${this.id}} consumer failed: ${e.payload.error.message}` +
            (e.payload.restart ? "; it rejoins the group" : "") +
            (cause instanceof Error && cause.stack ? `\nCaused by: ${cause.stack}` : ""),
        );
        if (e.payload.restart) return;
        if (cause instanceof TypeError) void this.rejoin(consumer);
        else this.fail(e.payload.error);
      });
      await consumer.connect();
      if (this.topics.length > 0) await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      if (this.stopped) return;
      this.state = startPaused ? "PAUSED" : "RUNNING";
      this.watchTopics(consumer);
      if (this.topics.length === 0) return;
      await this.runConsumer(consumer);
      if (startPaused) this.pause();
      this.startIdlePuts();
    } catch (error) {
      this.fail(error);
    }
  }

  /** The topics the subscription covers that exist now: the Java consumer is assigned partitions of no other. */
  private async subscribable(): Promise<string[]> {
    const s = this.settings;
    const existing = await this.deps.listTopics();
    if (s.topics) return s.topics.filter((t) => existing.includes(t));
    return existing.filter((t) => s.topicsRegex?.test(t) && !t.startsWith("__"));
  }

  /**
   * Picks up topics the subscription covers once they exist, as the Java consumer does at its next metadata
   * refresh: an explicit topic created after the task started, a new topic matching `topics.regex`. The task stays
   * RUNNING meanwhile. A change of subscription is a rebalance: the consumer stops and runs again.
   */
  private watchTopics(consumer: Consumer): void {
    const s = this.settings;
    const everyMs = s.topics ? MISSING_TOPIC_RETRY_MS : this.deps.metadataMaxAgeMs;
    // An explicit subscription whose topics all exist has nothing left to wait for.
    if (s.topics && s.topics.every((t) => this.topics.includes(t))) return;
    let busy = false;
    this.topicTimer = setInterval(() => {
      if (busy || this.stopped || this.state === "FAILED") return;
      busy = true;
      void this.resubscribe(consumer)
        .catch((error: unknown) => this.fail(error))
        .finally(() => (busy = false));
    }, everyMs);
    this.topicTimer.unref();
  }

  private async resubscribe(consumer: Consumer): Promise<void> {
    const next = await this.subscribable();
    const added = next.filter((t) => !this.topics.includes(t));
    if (added.length === 0 || this.stopped) return;
    const running = this.topics.length > 0;
    this.deps.logger.info(
      `WorkerSinkTask{id=${this.connector}-${this.id}} subscribes to ${added.join(", ")} too (metadata refresh)`,
    );
    this.topics = next;
    if (running) await consumer.stop();
    await consumer.subscribe({ topics: added, fromBeginning: true });
    if (this.stopped) return;
    await this.runConsumer(consumer);
    if (this.paused) this.pause();
    if (!running) this.startIdlePuts();
    if (this.settings.topics && this.settings.topics.every((t) => this.topics.includes(t))) {
      clearInterval(this.topicTimer);
    }
  }

  private startIdlePuts(): void {
    this.idleTimer = setInterval(() => this.idlePut(), this.deps.idlePutIntervalMs);
    this.idleTimer.unref();
  }

  private runConsumer(consumer: Consumer): Promise<void> {
    return consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /**
   * The client stopped on a defect of its own (a TypeError in its rebalance bookkeeping, seen when members join
   * together), which the Java consumer does not have: the task must not fail for it. The client has left the group
   * and disconnected; it joins again and goes on from the committed offsets, as after a rebalance.
   */
  private async rejoin(consumer: Consumer): Promise<void> {
    for (const w of this.writers.values()) w.abort();
    this.writers.clear();
    try {
      await delay(REJOIN_DELAY_MS);
      if (this.stopped || this.state === "FAILED") return;
      await consumer.connect();
      await this.runConsumer(consumer);
      if (this.paused) this.pause();
    } catch (error) {
      this.fail(error);
    }
  }

  private async setupDlq(): Promise<void> {
    const s = this.settings;
    const admin = this.deps.kafka.admin();
    try {
      await admin.connect();
      const existing = await admin.listTopics();
      if (!existing.includes(s.dlqTopic)) {
        await createTopicsAndWait(admin, [
          { topic: s.dlqTopic, numPartitions: 1, replicationFactor: s.dlqReplicationFactor },
        ]);
      }
    } catch (cause) {
      throw new ConnectException(`Could not initialize dead letter queue with topic=${s.dlqTopic}`, { cause });
    } finally {
      await admin.disconnect().catch(() => {});
    }
    this.producer = this.deps.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  /** The topics this task subscribed to (topic tracking). */
  activeTopics(): string[] {
    return this.state === "FAILED" ? [] : [...this.topics];
  }

  pause(): void {
    this.paused = true;
    if (this.state === "RUNNING") this.state = "PAUSED";
    if (this.consumer && this.topics.length > 0) this.consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    this.paused = false;
    if (this.state === "PAUSED") this.state = "RUNNING";
    if (this.consumer && this.topics.length > 0) this.consumer.resume(this.topics.map((topic) => ({ topic })));
  }

  /** Stops consuming; open files are dropped and the partitions restart from their commits elsewhere. */
  async stop(): Promise<void> {
    this.stopped = true;
    // A start in flight finishes first (it gives up at its next step), but a broker that is gone may hold its
    // connect in retries: then the stop goes on without it.
    await Promise.race([
      this.starting?.catch(() => undefined),
      delay(START_WAIT_ON_STOP_MS, undefined, { ref: false }),
    ]);
    if (this.idleTimer) clearInterval(this.idleTimer);
    clearInterval(this.topicTimer);
    await Promise.allSettled([...this.chains.values()]);
    // What was uploaded is committed before the consumer leaves, as WorkerSinkTask commits on close.
    await this.committer.drain(COMMIT_ON_STOP_MS);
    this.committer.close();
    await this.consumer?.disconnect().catch(() => {});
    await this.producer?.disconnect().catch(() => {});
    this.client?.destroy();
    for (const w of this.writers.values()) w.abort();
    this.writers.clear();
  }

  private fail(error: unknown): void {
    if (this.state === "FAILED" || this.stopped) return;
    const e = error instanceof Error ? error : new Error(String(error));
    this.state = "FAILED";
    clearInterval(this.topicTimer);
    this.trace = javaTrace(e);
    this.deps.logger.error(
      `WorkerSinkTask{id=${this.connector}-${this.id}} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`,
    );
    this.onFailure(this);
    void this.stop();
  }

  private writerFor(topic: string, partition: number): PartitionWriter {
    const k = `${topic}\u0000${partition}`;
    let w = this.writers.get(k);
    if (!w) {
      const s = this.settings;
      const store = {
        put: (key: string, body: Buffer) => putMultipart(this.client as S3Client, s.bucket, key, body, 26_214_400),
      };
      w = new PartitionWriter(
        topic,
        partition,
        this.writerSettings as WriterSettings,
        store,
        this.reporter(),
        Date.now(),
      );
      this.writers.set(k, w);
    }
    return w;
  }

  /** The connector-side errant record reporter exists only with a DLQ topic or error logging. */
  private reporter(): ErrantReporter | undefined {
    const s = this.settings;
    if (s.dlqTopic === "" && !s.errorsLog) return undefined;
    return async (record, error) => {
      await this.report(record.raw, "TASK_PUT", TASK_CLASS, error);
      if (s.tolerance === "none") throw toleranceExceeded(error);
    };
  }

  private async report(raw: RawRecord, stage: Stage, className: string, error: Error): Promise<void> {
    const s = this.settings;
    if (s.errorsLog) {
      this.deps.logger.error(
        `Error encountered in task ${this.connector}-${this.id}. Executing stage '${stage}' with class '${className}', where consumed record is {topic='${raw.topic}', partition=${raw.partition}, offset=${raw.offset}, timestamp=${raw.timestamp}, timestampType=CreateTime}.`,
      );
    }
    if (this.producer && s.dlqTopic !== "") {
      await sendToDlq(
        this.producer,
        s.dlqTopic,
        raw,
        { connector: this.connector, taskId: this.id, stage, className, error },
        s.dlqContextHeaders,
      );
    }
  }

  /**
   * Converts one record; undefined when it was skipped under `errors.tolerance=all`. A record that converts is
   * converted without a promise; one that does not is converted again on the way that reports it (converters are
   * pure functions of the bytes, so the second run fails as the first did).
   */
  private convert(raw: RawRecord): SinkRecord | undefined | Promise<SinkRecord | undefined> {
    const s = this.settings;
    let key: ConnectData;
    let value: ConnectData;
    try {
      key = s.keyConverter(raw.key);
      value = s.valueConverter(raw.value);
    } catch {
      return this.convertReporting(raw);
    }
    return { raw, key, value, headers: headerStrings(raw.headers) };
  }

  private async convertReporting(raw: RawRecord): Promise<SinkRecord | undefined> {
    const s = this.settings;
    const step = async (stage: Stage, converter: Converter, bytes: Buffer | null): Promise<ConnectData | undefined> => {
      try {
        return converter(bytes);
      } catch (error) {
        const e = error as Error;
        if (s.tolerance === "none") throw toleranceExceeded(e);
        await this.report(raw, stage, JSON_CONVERTER, e);
        return undefined;
      }
    };
    const key = await step("KEY_CONVERTER", s.keyConverter, raw.key);
    if (!key) return undefined;
    const value = await step("VALUE_CONVERTER", s.valueConverter, raw.value);
    if (!value) return undefined;
    return { raw, key, value, headers: headerStrings(raw.headers) };
  }

  /**
   * Converts a fetched batch as WorkerSinkTask converts what a poll returned, before any of it is put; undefined
   * when the consumer stopped or seeked meanwhile. It comes with the writer its records go to.
   */
  private async convertBatch({
    batch,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<{ records: SinkRecord[]; writer: PartitionWriter } | undefined> {
    const { topic, partition } = batch;
    const s = this.settings;
    const records: SinkRecord[] = [];
    // Whether the consumer stopped or seeked is asked after every wait: between two records converted without one,
    // nothing else runs and nothing can change (asking kafkajs costs a JSON.stringify each time).
    let waited = true;
    let sinceTurn = 0;
    let writer: PartitionWriter | undefined;
    for (const m of batch.messages) {
      if (++sinceTurn > RECORDS_PER_TURN) {
        // The writer is taken before the first turn: a rebalance meanwhile (which drops every writer) then leaves
        // this batch the writer it started with, as one during its uploads does, rather than a new writer that the
        // next generation would inherit with this batch's records in it.
        writer ??= this.writerFor(topic, partition);
        await nextTurn();
        sinceTurn = 1;
        waited = true;
      }
      if (waited && (!isRunning() || isStale())) return undefined;
      waited = false;
      const raw: RawRecord = {
        topic,
        partition,
        offset: Number(m.offset),
        timestamp: m.timestamp === undefined || m.timestamp === "-1" ? null : Number(m.timestamp),
        key: m.key ?? null,
        value: m.value ?? null,
        headers: rawHeaders(m.headers),
      };
      let converted = this.convert(raw);
      if (converted instanceof Promise) {
        converted = await converted;
        waited = true;
      }
      if (!converted) continue;
      if (isNullData(converted.value)) {
        if (s.nullBehavior === "ignore") {
          const r = this.reporter();
          if (r && s.reportNullsToDlq) {
            await r(converted, new DataException("Skipping null value record."));
            waited = true;
          }
          continue;
        }
        throw exitingTask(new ConnectException(NULL_FAIL));
      }
      records.push(converted);
    }
    return { records, writer: writer ?? this.writerFor(topic, partition) };
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset } = payload;
    const { topic, partition } = batch;
    const run = async (): Promise<void> => {
      if (this.state === "FAILED" || this.stopped) return;
      const converted = await this.convertBatch(payload);
      if (!converted) return;
      const { records, writer } = converted;
      try {
        await writer.write(records, Date.now());
      } catch (error) {
        if (error instanceof RetriableS3Error) {
          await this.retryLater(writer, topic, partition, error);
          return;
        }
        throw error instanceof ConnectException && error.message.startsWith("Tolerance")
          ? error
          : exitingTask(error as Error);
      }
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      this.commit(writer);
    };
    try {
      await this.serialise(topic, partition, run);
    } catch (error) {
      this.fail(error);
    }
  }

  private commit(writer: PartitionWriter): void {
    const offset = writer.takeCommit();
    if (offset === undefined || !this.consumer) return;
    this.committer.offer({ topic: writer.topic, partition: writer.kafkaPartition, offset });
  }

  /** A retriable S3 error: drop the open files, rewind to the commit, and wait `retry.backoff.ms`. */
  private async retryLater(writer: PartitionWriter, topic: string, partition: number, error: Error): Promise<void> {
    this.deps.logger.warn(
      `Retriable error in ${topic}-${partition}: ${error.message}; retrying in ${this.settings.retryBackoffMs} ms`,
    );
    writer.abort();
    this.writers.delete(`${topic}\u0000${partition}`);
    const consumer = this.consumer;
    if (!consumer) return;
    const committed = await this.deps.kafka.admin();
    await committed.connect();
    try {
      const offsets = await committed.fetchOffsets({ groupId: `connect-${this.settings.name}`, topics: [topic] });
      const at = offsets[0]?.partitions.find((p) => p.partition === partition)?.offset ?? "-1";
      consumer.seek({ topic, partition, offset: at === "-1" ? "0" : at });
    } finally {
      await committed.disconnect();
    }
    consumer.pause([{ topic, partitions: [partition] }]);
    setTimeout(() => {
      if (!this.paused && !this.stopped) consumer.resume([{ topic, partitions: [partition] }]);
    }, this.settings.retryBackoffMs).unref();
  }

  private serialise(topic: string, partition: number, fn: () => Promise<void>): Promise<void> {
    const k = `${topic}\u0000${partition}`;
    const next = (this.chains.get(k) ?? Promise.resolve()).then(fn);
    this.chains.set(
      k,
      next.catch(() => {}),
    );
    return next;
  }

  /** Empty puts for idle partitions, so `rotate.schedule.interval.ms` fires without new data. */
  private idlePut(): void {
    for (const w of this.writers.values()) {
      void this.serialise(w.topic, w.kafkaPartition, async () => {
        if (this.state !== "RUNNING") return;
        await w.write([], Date.now());
        this.commit(w);
      }).catch((e) => this.fail(e));
    }
  }
}
