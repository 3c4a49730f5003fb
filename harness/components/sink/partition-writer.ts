import { jdkGzip } from "../../java/gzip.ts";
import type { ConnectData } from "./converters.ts";
import type { RecordFormat } from "./format/format.ts";
import { writeJackson } from "./json/java-value.ts";
import { objectKey, siblingExtension, type KeyLayout } from "./naming.ts";
import { ConnectException, DataException, PartitionException, type Partitioner } from "./partitioners/partitioner.ts";
import type { SinkRecord } from "./records.ts";
import { nextScheduledRotation } from "./schedule.ts";
import type { Zone } from "./partitioners/zone.ts";

/** Where finished files go (one multipart upload each). */
export interface FileStore {
  put(key: string, body: Buffer): Promise<void>;
}

/** The connector-side errant record reporter; rejects when the tolerance is exceeded. */
export type ErrantReporter = (record: SinkRecord, error: Error) => Promise<void>;

export interface WriterSettings {
  layout: KeyLayout;
  format: RecordFormat;
  gzip: boolean;
  gzipLevel: number;
  flushSize: number;
  rotateIntervalMs: number;
  rotateScheduleIntervalMs: number;
  /** Needed for the schedule. */
  zone: Zone | undefined;
  partitioner: Partitioner;
  storeKeys: RecordFormat | undefined;
  storeHeaders: boolean;
}

interface OpenFile {
  startOffset: number;
  lastOffset: number;
  count: number;
  chunks: Buffer[];
  keyChunks: Buffer[];
  headerChunks: Buffer[];
}

/**
 * One Kafka partition's writer, following the real TopicPartitionWriter: per record, timestamp, partition
 * encoding (guarded), time rotation before writing, write, then size rotation after it; a rotation uploads every
 * open file and moves the commit offset past the last written record.
 */
export class PartitionWriter {
  private open = new Map<string, OpenFile>();
  private recordCount = 0;
  private baseTimestamp: number | undefined;
  private currentTimestamp: number | undefined;
  private currentEncoded: string | undefined;
  private currentOffset = -1;
  private nextRotation: number | undefined;
  /** Next offset to commit once uploads happened; cleared by `takeCommit`. */
  private pendingCommit: number | undefined;

  constructor(
    readonly topic: string,
    readonly kafkaPartition: number,
    private readonly s: WriterSettings,
    private readonly store: FileStore,
    private readonly reporter: ErrantReporter | undefined,
    now: number,
  ) {
    if (s.rotateScheduleIntervalMs > 0 && s.zone) {
      this.nextRotation = nextScheduledRotation(now, s.rotateScheduleIntervalMs, s.zone);
    }
  }

  /** The lowest start offset of the open files (where a retry rewinds to). */
  lowestOpenOffset(): number | undefined {
    let min: number | undefined;
    for (const f of this.open.values()) if (min === undefined || f.startOffset < min) min = f.startOffset;
    return min;
  }

  /** The offset to commit if files were uploaded since the last call (preCommit). */
  takeCommit(): number | undefined {
    const c = this.pendingCommit;
    this.pendingCommit = undefined;
    return c;
  }

  /** Open files are dropped, never uploaded: after a restart they are rebuilt from the committed offset. */
  abort(): void {
    this.open.clear();
    this.recordCount = 0;
    this.baseTimestamp = undefined;
  }

  /** Processes one `put()` batch of this partition; `now` is taken once per batch, as the real writer does. */
  async write(records: readonly SinkRecord[], now: number): Promise<void> {
    for (const record of records) {
      await this.writeOne(record, now);
    }
    await this.commitOnTimeIfNoData(now);
  }

  private async writeOne(record: SinkRecord, now: number): Promise<void> {
    const p = this.s.partitioner;
    const input = {
      topic: record.raw.topic,
      kafkaPartition: record.raw.partition,
      offset: record.raw.offset,
      timestamp: record.raw.timestamp,
      value: record.value.value,
    };
    for (;;) {
      if (p.timestamp) {
        // Extractor errors are not guarded: they fail the task even with a reporter.
        this.currentTimestamp = p.timestamp(input, now);
        this.baseTimestamp ??= this.currentTimestamp;
      }
      let encoded: string;
      try {
        encoded = p.encode(input, this.currentTimestamp);
      } catch (error) {
        if (error instanceof PartitionException && this.reporter) {
          await this.reporter(record, error);
          return;
        }
        throw error;
      }
      if (this.rotateOnTime(encoded, now)) {
        this.setNextRotation(now);
        await this.commitFiles();
        continue;
      }
      this.currentEncoded = encoded;
      if (!(await this.writeRecord(record, encoded))) return;
      if (this.recordCount >= this.s.flushSize) await this.commitFiles();
      return;
    }
  }

  private rotateOnTime(encoded: string | undefined, now: number): boolean {
    if (this.recordCount <= 0) return false;
    const periodic =
      this.s.rotateIntervalMs > 0 &&
      p(this.s.partitioner) &&
      this.currentTimestamp !== undefined &&
      this.baseTimestamp !== undefined &&
      (this.currentTimestamp - this.baseTimestamp >= this.s.rotateIntervalMs || encoded !== this.currentEncoded);
    const scheduled =
      this.s.rotateScheduleIntervalMs > 0 && this.nextRotation !== undefined && now >= this.nextRotation;
    return periodic || scheduled;
  }

  private setNextRotation(now: number): void {
    if (this.s.rotateScheduleIntervalMs > 0 && this.s.zone) {
      this.nextRotation = nextScheduledRotation(now, this.s.rotateScheduleIntervalMs, this.s.zone);
    }
  }

  private async writeRecord(record: SinkRecord, encoded: string): Promise<boolean> {
    let value: Buffer;
    let key: Buffer | undefined;
    let headers: Buffer | undefined;
    try {
      if (this.s.storeKeys) {
        if (record.key.value === null)
          throw new DataException(`Key cannot be null for SinkRecord: ${describe(record)}`);
        key = this.s.storeKeys.encode(record.key);
      }
      if (this.s.storeHeaders) {
        if (record.headers.length === 0) {
          throw new DataException(`Headers cannot be null for SinkRecord: ${describe(record)}`);
        }
        headers = encodeHeaders(record.headers);
      }
      value = this.s.format.encode(record.value);
    } catch (error) {
      if (error instanceof DataException) {
        if (this.reporter) {
          await this.reporter(record, error);
          return false;
        }
        throw new ConnectException(`${error.name}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    let file = this.open.get(encoded);
    if (!file) {
      file = {
        startOffset: record.raw.offset,
        lastOffset: record.raw.offset,
        count: 0,
        chunks: [],
        keyChunks: [],
        headerChunks: [],
      };
      this.open.set(encoded, file);
    }
    file.chunks.push(value);
    if (key) file.keyChunks.push(key);
    if (headers) file.headerChunks.push(headers);
    file.lastOffset = record.raw.offset;
    file.count++;
    this.currentOffset = record.raw.offset;
    this.recordCount++;
    return true;
  }

  private async commitOnTimeIfNoData(now: number): Promise<void> {
    if (this.recordCount > 0 && this.rotateOnTime(this.currentEncoded, now)) {
      this.setNextRotation(now);
      await this.commitFiles();
    } else if (this.recordCount === 0 && this.nextRotation !== undefined && now >= this.nextRotation) {
      this.setNextRotation(now);
    }
  }

  private finish(body: Buffer[]): Buffer {
    const joined = Buffer.concat(body);
    // The S3 sink gzips with the JDK's GZIPOutputStream at s3.compression.level.
    return this.s.gzip ? jdkGzip(joined, this.s.gzipLevel) : joined;
  }

  private async commitFiles(): Promise<void> {
    const gz = this.s.gzip ? ".gz" : "";
    const ext = this.s.format.extension + gz;
    for (const [encoded, file] of this.open) {
      const base = (e: string): string =>
        objectKey(this.s.layout, this.topic, encoded, this.kafkaPartition, file.startOffset, e);
      await this.store.put(base(ext), this.finish(file.chunks));
      if (this.s.storeKeys) {
        await this.store.put(
          base(siblingExtension("keys", this.s.storeKeys.extension + gz)),
          this.finish(file.keyChunks),
        );
      }
      if (this.s.storeHeaders) {
        await this.store.put(base(siblingExtension("headers", ".json" + gz)), this.finish(file.headerChunks));
      }
      this.open.delete(encoded);
    }
    this.pendingCommit = this.currentOffset + 1;
    this.recordCount = 0;
    this.baseTimestamp = undefined;
  }
}

function p(partitioner: Partitioner): boolean {
  return partitioner.timeBased;
}

function describe(record: SinkRecord): string {
  const r = record.raw;
  return (
    `SinkRecord{kafkaOffset=${r.offset}, timestampType=CreateTime} ConnectRecord{topic='${r.topic}', ` +
    `kafkaPartition=${r.partition}, key=${String(record.key.value)}, value=..., timestamp=${r.timestamp}}`
  );
}

/** Headers as the JSON headers file holds them: `{"headers":[{"key":"h1","value":"v1"}]}`. */
function encodeHeaders(headers: readonly [string, string | null][]): Buffer {
  const items = headers.map(([k, v]) => `{"key":${writeJackson(k)},"value":${writeJackson(v)}}`);
  return Buffer.from(`{"headers":[${items.join(",")}]}\n`, "utf8");
}

export type { ConnectData };
