import { jdkGzip } from "../../java/gzip.ts";
import { ByteBuffer } from "./byte-buffer.ts";
import { isNullData, type ConnectData } from "./converters.ts";
import type { RecordFormat } from "./format/format.ts";
import { writeJackson, type JavaValue } from "./json/java-value.ts";
import { objectKey, siblingExtension, type KeyLayout } from "./naming.ts";
import {
  ConnectException,
  DataException,
  PartitionException,
  type PartitionInput,
  type Partitioner,
} from "./partitioners/partitioner.ts";
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

/** Room a partition's first file starts with. */
const FIRST_FILE_BYTES = 4096;

interface OpenFile {
  startOffset: number;
  lastOffset: number;
  count: number;
  values: ByteBuffer;
  keys: ByteBuffer | undefined;
  headers: ByteBuffer | undefined;
}

/**
 * What a partitioner sees of a record. The value is read only if the partitioner asks (a field or a timestamp
 * field): a value the converter transcoded is then parsed, and otherwise never is.
 */
class PartitionView implements PartitionInput {
  readonly topic: string;
  readonly kafkaPartition: number;
  readonly offset: number;
  readonly timestamp: number | null;

  constructor(private readonly record: SinkRecord) {
    this.topic = record.raw.topic;
    this.kafkaPartition = record.raw.partition;
    this.offset = record.raw.offset;
    this.timestamp = record.raw.timestamp;
  }

  get value(): JavaValue {
    return this.record.value.value;
  }
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
  /** The size of the last file uploaded: the next one most likely needs as much room. */
  private lastFileBytes = 0;

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
      // Most records need no waiting (no upload, no report): they are written without a promise each.
      const waiting = this.writeOne(record, now);
      if (waiting) await waiting;
    }
    await this.commitOnTimeIfNoData(now);
  }

  /** Writes one record; a promise only when it has to wait (an upload, a report). */
  private writeOne(record: SinkRecord, now: number): Promise<void> | undefined {
    const p = this.s.partitioner;
    const input = new PartitionView(record);
    if (p.timestamp) {
      // Extractor errors are not guarded: they fail the task even with a reporter.
      this.currentTimestamp = p.timestamp(input, now);
      this.baseTimestamp ??= this.currentTimestamp;
    }
    let encoded: string;
    try {
      encoded = p.encode(input, this.currentTimestamp);
    } catch (error) {
      if (error instanceof PartitionException && this.reporter) return this.reporter(record, error);
      throw error;
    }
    if (this.rotateOnTime(encoded, now)) {
      this.setNextRotation(now);
      // The record is taken again from the start once the files are uploaded (its timestamp too).
      return this.commitFiles().then(() => this.writeOne(record, now));
    }
    this.currentEncoded = encoded;
    const reported = this.writeRecord(record, encoded);
    if (reported) return reported;
    if (this.recordCount >= this.s.flushSize) return this.commitFiles();
    return undefined;
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

  /** Appends the record to its file; a promise when the record could not be written and went to the reporter. */
  private writeRecord(record: SinkRecord, encoded: string): Promise<void> | undefined {
    const existing = this.open.get(encoded);
    const file = existing ?? this.newFile(record.raw.offset);
    const valuesBefore = file.values.length;
    let key: Buffer | undefined;
    let headers: Buffer | undefined;
    try {
      if (this.s.storeKeys) {
        if (isNullData(record.key)) throw new DataException(`Key cannot be null for SinkRecord: ${describe(record)}`);
        key = this.s.storeKeys.encode(record.key);
      }
      if (this.s.storeHeaders) {
        if (record.headers.length === 0) {
          throw new DataException(`Headers cannot be null for SinkRecord: ${describe(record)}`);
        }
        headers = encodeHeaders(record.headers);
      }
      // The value goes straight into its file; a failure leaves nothing of it there.
      this.s.format.write(record.value, file.values);
    } catch (error) {
      file.values.truncate(valuesBefore);
      if (error instanceof DataException) {
        if (this.reporter) return this.reporter(record, error);
        throw new ConnectException(`${error.name}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    if (!existing) this.open.set(encoded, file);
    if (key) file.keys?.append(key);
    if (headers) file.headers?.append(headers);
    file.lastOffset = record.raw.offset;
    file.count++;
    this.currentOffset = record.raw.offset;
    this.recordCount++;
    return undefined;
  }

  private newFile(startOffset: number): OpenFile {
    return {
      startOffset,
      lastOffset: startOffset,
      count: 0,
      // Room for a file as big as the last one, so that it seldom grows (and copies) on the way.
      values: new ByteBuffer(Math.max(FIRST_FILE_BYTES, this.lastFileBytes + (this.lastFileBytes >> 3))),
      keys: this.s.storeKeys ? new ByteBuffer() : undefined,
      headers: this.s.storeHeaders ? new ByteBuffer() : undefined,
    };
  }

  private async commitOnTimeIfNoData(now: number): Promise<void> {
    if (this.recordCount > 0 && this.rotateOnTime(this.currentEncoded, now)) {
      this.setNextRotation(now);
      await this.commitFiles();
    } else if (this.recordCount === 0 && this.nextRotation !== undefined && now >= this.nextRotation) {
      this.setNextRotation(now);
    }
  }

  private finish(body: ByteBuffer | undefined): Buffer {
    const joined = body?.bytes() ?? Buffer.alloc(0);
    // The S3 sink gzips with the JDK's GZIPOutputStream at s3.compression.level.
    return this.s.gzip ? jdkGzip(joined, this.s.gzipLevel) : joined;
  }

  private async commitFiles(): Promise<void> {
    const gz = this.s.gzip ? ".gz" : "";
    const ext = this.s.format.extension + gz;
    for (const [encoded, file] of this.open) {
      const base = (e: string): string =>
        objectKey(this.s.layout, this.topic, encoded, this.kafkaPartition, file.startOffset, e);
      this.lastFileBytes = file.values.length;
      await this.store.put(base(ext), this.finish(file.values));
      if (this.s.storeKeys) {
        await this.store.put(base(siblingExtension("keys", this.s.storeKeys.extension + gz)), this.finish(file.keys));
      }
      if (this.s.storeHeaders) {
        await this.store.put(base(siblingExtension("headers", ".json" + gz)), this.finish(file.headers));
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
