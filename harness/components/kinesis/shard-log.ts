import { closeSync, ftruncateSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

/** A record as it is kept and read back. */
export interface ShardRecord {
  sequenceNumber: string;
  arrivalMs: number;
  partitionKey: string;
  data: Buffer;
}

/** What is kept in memory per record: where its line is, not its data. */
interface IndexEntry {
  sequence: bigint;
  arrivalMs: number;
  offset: number;
  length: number;
  /** Data plus partition key, in bytes: what the size limits count. */
  size: number;
}

const READ_CHUNK = 1 << 20;

function base64Length(text: string): number {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/**
 * One shard's records: an append-only file of JSON lines (`s` sequence number, `t` arrival in ms, `k` partition
 * key, `d` data in base64), written with one synchronous write per put, so that a put Kinesis has answered is on
 * disk, and a crash can at worst leave a torn last line, which the next open cuts off. Memory holds an index
 * entry per record; data is read from the file when asked for.
 */
export class ShardLog {
  private readonly index: IndexEntry[] = [];
  private size = 0;
  private fd: number | undefined;

  private constructor(fd: number) {
    this.fd = fd;
  }

  static open(file: string): ShardLog {
    const log = new ShardLog(openSync(file, "a+"));
    log.load();
    return log;
  }

  get count(): number {
    return this.index.length;
  }

  get lastSequence(): string | undefined {
    const last = this.index.at(-1);
    return last === undefined ? undefined : last.sequence.toString();
  }

  get lastArrivalMs(): number | undefined {
    return this.index.at(-1)?.arrivalMs;
  }

  sequenceNumberAt(position: number): string {
    return (this.index[position] as IndexEntry).sequence.toString();
  }

  arrivalMsAt(position: number): number {
    return (this.index[position] as IndexEntry).arrivalMs;
  }

  /** Appends records, in order, in one write; their sequence numbers must be higher than any before. */
  append(records: readonly ShardRecord[]): void {
    if (records.length === 0) return;
    const lines: string[] = [];
    const entries: IndexEntry[] = [];
    let offset = this.size;
    for (const record of records) {
      const line = `${JSON.stringify({
        s: record.sequenceNumber,
        t: record.arrivalMs,
        k: record.partitionKey,
        d: record.data.toString("base64"),
      })}\n`;
      const length = Buffer.byteLength(line);
      entries.push({
        sequence: BigInt(record.sequenceNumber),
        arrivalMs: record.arrivalMs,
        offset,
        length,
        size: record.data.length + Buffer.byteLength(record.partitionKey),
      });
      lines.push(line);
      offset += length;
    }
    const bytes = Buffer.from(lines.join(""));
    let written = 0;
    while (written < bytes.length) written += writeSync(this.openFd(), bytes, written, bytes.length - written);
    this.size = offset;
    this.index.push(...entries);
  }

  /** Position of the first record with a sequence number at (or, with `after`, above) `sequence`. */
  positionOfSequence(sequence: bigint, after: boolean): number {
    return this.firstPosition((entry) => (after ? entry.sequence > sequence : entry.sequence >= sequence));
  }

  /** Position of the first record that arrived at or after `ms` (arrival times never go down within a shard). */
  positionOfTime(ms: number): number {
    return this.firstPosition((entry) => entry.arrivalMs >= ms);
  }

  /** Records from `position` on: at most `limit` of them and, past the first, at most `maxBytes` of data. */
  read(position: number, limit: number, maxBytes: number): ShardRecord[] {
    let end = position;
    let bytes = 0;
    while (end < this.index.length && end - position < limit) {
      const entry = this.index[end] as IndexEntry;
      if (end > position && bytes + entry.size > maxBytes) break;
      bytes += entry.size;
      end++;
    }
    if (end === position) return [];
    const first = this.index[position] as IndexEntry;
    const last = this.index[end - 1] as IndexEntry;
    const length = last.offset + last.length - first.offset;
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const got = readSync(this.openFd(), buffer, read, length - read, first.offset + read);
      if (got === 0) break;
      read += got;
    }
    return buffer
      .toString("utf8")
      .split("\n")
      .slice(0, end - position)
      .map((line) => {
        const stored = JSON.parse(line) as { s: string; t: number; k: string; d: string };
        return {
          sequenceNumber: stored.s,
          arrivalMs: stored.t,
          partitionKey: stored.k,
          data: Buffer.from(stored.d, "base64"),
        };
      });
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error("the shard's file is closed");
    return this.fd;
  }

  private firstPosition(matches: (entry: IndexEntry) => boolean): number {
    let low = 0;
    let high = this.index.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (matches(this.index[mid] as IndexEntry)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Builds the index from the file, a chunk at a time, and cuts off a torn last line. */
  private load(): void {
    const fd = this.openFd();
    const fileSize = fstatSync(fd).size;
    let position = 0;
    let carry = Buffer.alloc(0);
    let lineStart = 0;
    while (position < fileSize) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK, fileSize - position));
      const got = readSync(fd, chunk, 0, chunk.length, position);
      if (got === 0) break;
      position += got;
      let buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, got)]) : chunk.subarray(0, got);
      let newline = buffer.indexOf(10);
      while (newline !== -1) {
        const line = buffer.subarray(0, newline).toString("utf8");
        const stored = JSON.parse(line) as { s: string; t: number; k: string; d: string };
        this.index.push({
          sequence: BigInt(stored.s),
          arrivalMs: stored.t,
          offset: lineStart,
          length: newline + 1,
          size: base64Length(stored.d) + Buffer.byteLength(stored.k),
        });
        lineStart += newline + 1;
        buffer = buffer.subarray(newline + 1);
        newline = buffer.indexOf(10);
      }
      carry = Buffer.from(buffer);
    }
    if (lineStart < fileSize) ftruncateSync(fd, lineStart);
    this.size = lineStart;
  }
}
