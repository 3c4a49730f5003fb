/**
 * gzip as the Java servers write it. The deflate data is zlib's, which the JDK links and pako reproduces byte for
 * byte (Node's own zlib is a fork whose output differs); the framing around it differs between writers:
 * - the JDK's `GZIPOutputStream` (the S3 sink's objects): no timestamp, no flags, OS 255 ("unknown", since JDK 16);
 * - Jetty 9.4's gzip interceptor (the REST proxy's answers): the same, but OS 0.
 */
import { createDeflateRaw, crc32 } from "node:zlib";
import { deflateRaw } from "pako";

const OS_UNKNOWN = 0xff;

function header(os: number): Buffer {
  return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, os]);
}

function trailer(crc: number, length: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(crc >>> 0, 0);
  out.writeUInt32LE(length >>> 0, 4);
  return out;
}

function member(os: number, body: Buffer, level: number): Buffer {
  // At level 0 the JDK's zlib cuts stored blocks where the writes fall; these blocks are cut by size only.
  const deflated = deflateRaw(body, { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | -1 });
  return Buffer.concat([header(os), deflated, trailer(crc32(body), body.length)]);
}

/** What `GZIPOutputStream` writes for a body; `level` as `Deflater.setLevel` takes it (-1 for zlib's default). */
export function jdkGzip(body: Buffer, level = -1): Buffer {
  return member(OS_UNKNOWN, body, level);
}

/** What Jetty's gzip interceptor writes for a whole answer, at the default level. */
export function jettyGzip(body: Buffer): Buffer {
  return member(0, body, -1);
}

/**
 * A streamed answer in Jetty's framing, flushed after each part so a client reading the stream gets each answer as
 * it is produced. (Jetty deflates without flushing unless told to, so its client may see parts later; the bytes
 * of a flushed stream cannot match it anyway, so Node's zlib does this one.)
 */
export async function* jettyGzipStream(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  const deflater = createDeflateRaw();
  const output: Buffer[] = [];
  deflater.on("data", (chunk: Buffer) => output.push(chunk));
  let crc = 0;
  let length = 0;
  yield header(0);
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk, "utf8");
    crc = crc32(bytes, crc);
    length += bytes.length;
    await new Promise<void>((resolve) => deflater.write(bytes, () => deflater.flush(() => resolve())));
    if (output.length > 0) yield Buffer.concat(output.splice(0));
  }
  const ended = new Promise<void>((resolve) => deflater.once("end", resolve));
  deflater.end();
  await ended;
  yield Buffer.concat([...output.splice(0), trailer(crc, length)]);
}
