/**
 * `java.util.zip.Deflater` (raw deflate, as `GZIPOutputStream` and Jetty create it) over pako's port of zlib, called
 * the way the JDK calls zlib: every `deflate` is one zlib call whose `avail_out` is the room the caller offers, and
 * input arrives as the caller's writes bring it. At level 0 both decide where zlib cuts stored blocks; at the other
 * levels they change when output appears, never what it is.
 */
import { deflate, deflateInit2 } from "pako/lib/zlib/deflate.js";
import ZStream from "pako/lib/zlib/zstream.js";

const Z_NO_FLUSH = 0;
const Z_FINISH = 4;
const Z_OK = 0;
const Z_STREAM_END = 1;
const Z_BUF_ERROR = -5;
const Z_DEFLATED = 8;
const Z_DEFAULT_STRATEGY = 0;
/** A raw deflate stream with zlib's largest window: the gzip framing around it is the caller's. */
const RAW_MAX_WINDOW_BITS = -15;
/** The memory level the JDK's native Deflater passes to deflateInit2. */
const JDK_MEM_LEVEL = 8;

/** zlib refused a call; pinpipe only makes calls zlib accepts, so this is a bug. */
export class ZlibError extends Error {
  override name = "ZlibError";
}

export class JavaDeflater {
  private readonly stream = new ZStream();
  /** Reused between calls; zlib only ever writes to the start of the room it is given. */
  private output = new Uint8Array(0);
  private finishing = false;
  private done = false;

  /**
   * `level` as `Deflater.setLevel` takes it (-1 for zlib's default). The JDK creates the deflater at the default
   * level and applies another one with deflateParams on its first call, before any input was deflated; zlib then
   * changes the level and nothing else, so creating the stream at that level gives the same bytes.
   */
  constructor(level: number) {
    const status = deflateInit2(this.stream, level, Z_DEFLATED, RAW_MAX_WINDOW_BITS, JDK_MEM_LEVEL, Z_DEFAULT_STRATEGY);
    if (status !== Z_OK) throw new ZlibError(`deflateInit2 at level ${level} failed with status ${status}`);
  }

  setInput(bytes: Uint8Array): void {
    this.stream.input = bytes;
    this.stream.next_in = 0;
    this.stream.avail_in = bytes.length;
  }

  needsInput(): boolean {
    return this.stream.avail_in === 0;
  }

  /** Every later call finishes the stream, as the JDK turns any flush mode into Z_FINISH after `finish()`. */
  finish(): void {
    this.finishing = true;
  }

  finished(): boolean {
    return this.done;
  }

  /** One zlib call with `room` bytes of output space; returns a copy of what it wrote there. */
  deflate(room: number): Uint8Array {
    const stream = this.stream;
    if (this.output.length < room) this.output = new Uint8Array(room);
    stream.output = this.output;
    stream.next_out = 0;
    stream.avail_out = room;
    const status = deflate(stream, this.finishing ? Z_FINISH : Z_NO_FLUSH);
    // Z_BUF_ERROR only says this call could make no progress, which the JDK treats as a call that produced nothing.
    if (status === Z_STREAM_END) this.done = true;
    else if (status !== Z_OK && status !== Z_BUF_ERROR) {
      throw new ZlibError(`deflate failed with status ${status}${stream.msg ? ` (${stream.msg})` : ""}`);
    }
    return this.output.slice(0, stream.next_out);
  }
}

/**
 * The deflate data `DeflaterOutputStream` (and so `GZIPOutputStream`) produces for these writes followed by
 * `finish()`: each write deflates until zlib has taken all of it, each call into a fresh buffer of `bufferSize`.
 */
export function deflateLikeDeflaterOutputStream(
  writes: Iterable<Uint8Array>,
  level: number,
  bufferSize: number,
): Buffer {
  const deflater = new JavaDeflater(level);
  const output: Uint8Array[] = [];
  for (const write of writes) {
    // An empty write returns before it reaches the deflater.
    if (write.length === 0) continue;
    deflater.setInput(write);
    while (!deflater.needsInput()) output.push(deflater.deflate(bufferSize));
  }
  deflater.finish();
  while (!deflater.finished()) output.push(deflater.deflate(bufferSize));
  return Buffer.concat(output);
}
