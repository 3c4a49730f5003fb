/**
 * gzip as the Java servers write it. The deflate data is zlib's, which the JDK links and pako reproduces byte for
 * byte (Node's own zlib is a fork whose output differs), called as the Java writers call it where that matters; the
 * framing around it differs between writers:
 * - the JDK's `GZIPOutputStream` (the S3 sink's objects): no timestamp, no flags, OS 255 ("unknown", since JDK 16);
 * - Jetty 9.4's gzip interceptor (the REST proxy's answers): the same, but OS 0.
 */
import { crc32 } from "node:zlib";
import { deflateRaw } from "pako";
import { sinkJsonWrites } from "./jackson-sink-writes.ts";
import { deflateLikeDeflaterOutputStream, JavaDeflater } from "./java-deflater.ts";

const OS_UNKNOWN = 0xff;
const OS_FAT = 0;
/** The buffer size the S3 sink gives its GZIPOutputStream (CompressionType.GZIP). */
const SINK_GZIP_BUFFER = 8 * 1024;
/** Jetty's output buffer (HttpConfiguration's default, which rest-utils keeps): the interceptor's output space. */
const JETTY_OUTPUT_BUFFER = 32 * 1024;
const TRAILER_SIZE = 8;

function header(os: number): Buffer {
  return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, os]);
}

function trailer(crc: number, length: number): Buffer {
  const out = Buffer.alloc(TRAILER_SIZE);
  out.writeUInt32LE(crc >>> 0, 0);
  out.writeUInt32LE(length >>> 0, 4);
  return out;
}

/** Where the sink's writes fall: how its JSON generator writes, or failing that, a record and then its separator. */
function sinkWrites(body: Buffer): Uint8Array[] {
  const json = sinkJsonWrites(body);
  if (json) return json;
  // ByteArrayFormat (and JsonFormat for Struct values) write each record and its separator as two writes.
  const writes: Uint8Array[] = [];
  for (let start = 0; start < body.length;) {
    const newline = body.indexOf(0x0a, start);
    const end = newline < 0 ? body.length : newline;
    writes.push(body.subarray(start, end));
    if (newline >= 0) writes.push(body.subarray(newline, newline + 1));
    start = end + 1;
  }
  return writes;
}

/**
 * What the S3 sink's `GZIPOutputStream` writes for a file it wrote as `body`; `level` as `Deflater.setLevel` takes
 * it (-1 for zlib's default). Only stored blocks (level 0) depend on where the writes fall, so only then are the
 * sink's writes rebuilt from the body.
 */
export function jdkGzip(body: Buffer, level = -1): Buffer {
  return jdkGzipWrites(level === 0 ? sinkWrites(body) : [body], level);
}

/** What the S3 sink's `GZIPOutputStream` writes for exactly these writes, then `finish()`. */
export function jdkGzipWrites(writes: readonly Uint8Array[], level = -1): Buffer {
  let crc = 0;
  let length = 0;
  for (const write of writes) {
    crc = crc32(write, crc);
    length += write.length;
  }
  const deflated = deflateLikeDeflaterOutputStream(writes, level, SINK_GZIP_BUFFER);
  return Buffer.concat([header(OS_UNKNOWN), deflated, trailer(crc, length)]);
}

/** What Jetty's gzip interceptor writes for a whole answer, at the default level. */
export function jettyGzip(body: Buffer): Buffer {
  return Buffer.concat([header(OS_FAT), deflateRaw(body), trailer(crc32(body), body.length)]);
}

/**
 * A streamed answer as Jetty 9.4's gzip interceptor sends it, chunk by chunk. GzipHandler's default is no sync
 * flush, so each part the proxy flushes is deflated with NO_FLUSH into buffers of Jetty's output size, and only
 * what zlib has emitted by then goes out: the 10 header bytes with the first part, compressed data whenever zlib
 * ends a block (for small parts, usually not before the end), the rest and the trailer when the answer closes.
 * The bytes are those of `jettyGzip` over the whole answer; a client sees most parts only when the stream ends.
 */
export async function* jettyGzipStream(parts: AsyncIterable<string>): AsyncGenerator<Buffer> {
  const deflater = new JavaDeflater(-1);
  let pendingHeader: Buffer | undefined = header(OS_FAT);
  let crc = 0;
  let length = 0;
  // The first buffer of the answer starts with the header; each later one is empty when the deflater writes into it.
  const nextBuffer = (): Buffer => {
    const start = pendingHeader ?? Buffer.alloc(0);
    pendingHeader = undefined;
    return start;
  };
  for await (const part of parts) {
    const bytes = Buffer.from(part, "utf8");
    // An empty flush reaches the interceptor as empty content, which it passes over.
    if (bytes.length === 0) continue;
    crc = crc32(bytes, crc);
    length += bytes.length;
    deflater.setInput(bytes);
    do {
      const start = nextBuffer();
      const buffer = Buffer.concat([start, deflater.deflate(JETTY_OUTPUT_BUFFER - start.length)]);
      // Jetty hands on an empty buffer too, but no chunk goes out for it.
      if (buffer.length > 0) yield buffer;
    } while (!deflater.needsInput());
  }
  // Closing the answer is the last, empty write.
  deflater.finish();
  for (;;) {
    let buffer = nextBuffer();
    if (!deflater.finished()) buffer = Buffer.concat([buffer, deflater.deflate(JETTY_OUTPUT_BUFFER - buffer.length)]);
    if (deflater.finished() && JETTY_OUTPUT_BUFFER - buffer.length >= TRAILER_SIZE) {
      yield Buffer.concat([buffer, trailer(crc, length)]);
      return;
    }
    if (buffer.length > 0) yield buffer;
  }
}
