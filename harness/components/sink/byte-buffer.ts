/**
 * A file's bytes, appended record by record into one growing buffer and handed to the upload as they are: no
 * per-record Buffer and no concatenation of a thousand chunks when the file is committed.
 */
export class ByteBuffer {
  private buf: Buffer;
  private used = 0;

  constructor(capacity = 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(16, capacity));
  }

  get length(): number {
    return this.used;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Appends bytes `start..end` of `bytes`. */
  appendRange(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.buf.set(bytes.subarray(start, end), this.used);
    this.used += end - start;
  }

  appendByte(byte: number): void {
    this.reserve(1);
    this.buf[this.used++] = byte;
  }

  /** Appends text as UTF-8 (lone surrogates become U+FFFD, as `Buffer.from(text, "utf8")` makes them). */
  appendText(text: string): void {
    // A UTF-16 unit never takes more than three UTF-8 bytes.
    this.reserve(text.length * 3);
    this.used += this.buf.write(text, this.used, "utf8");
  }

  /** Drops what was appended after `length` (a record that failed half-way leaves nothing behind). */
  truncate(length: number): void {
    if (length < this.used) this.used = length;
  }

  /** The bytes appended so far, not copied: appending more may or may not show through. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.used);
  }

  private reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.used);
    this.buf = grown;
  }
}
