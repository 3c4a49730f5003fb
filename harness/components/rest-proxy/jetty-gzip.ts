/**
 * Response compression as rest-utils 7.2 sets it up: `compression.enable` defaults to true and wraps the
 * application in Jetty 9.4's GzipHandler for GET and POST. What that handler does, and so what this does:
 * - an answer with a status outside 200-299, or 204 or 205, is left alone, with no `Vary`;
 * - any other answer to GET or POST of a compressible type gets `Vary: Accept-Encoding`, whatever the client said;
 * - it is gzipped when the request's Accept-Encoding names gzip and the body is at least 32 bytes (or its length is
 *   not known in advance, as for a streamed answer), and then carries `Content-Encoding: gzip`.
 * The gzip member is written as Jetty writes it: a 10-byte header with no timestamp, flags or OS (all zero), raw
 * deflate at the default level, CRC-32 and length. Python's `requests` always accepts gzip, so an emulator's
 * answers through API Gateway arrive gzipped, as they do on AWS.
 */
import { crc32, deflateRawSync, createDeflateRaw } from "node:zlib";
import type { IncomingHttpHeaders } from "node:http";

/** Jetty's `GzipHandler.DEFAULT_MIN_GZIP_SIZE`. */
export const MIN_GZIP_SIZE = 32;
const JETTY_GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0]);
/** Types GzipHandler excludes by default (besides images, audio and video). */
const INCOMPRESSIBLE = new Set([
  "application/compress",
  "application/zip",
  "application/gzip",
  "application/bzip2",
  "application/brotli",
  "application/x-xz",
  "application/x-rar-compressed",
  "text/event-stream",
]);

function compressibleType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const bare = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return !(
    bare.startsWith("image/") ||
    bare.startsWith("audio/") ||
    bare.startsWith("video/") ||
    INCOMPRESSIBLE.has(bare)
  );
}

/** Whether the handler takes part in this answer at all (it then adds `Vary: Accept-Encoding`). */
export function gzipApplies(method: string, status: number, contentType: string | undefined): boolean {
  if (method !== "GET" && method !== "POST") return false;
  if (status < 200 || status >= 300 || status === 204 || status === 205) return false;
  return compressibleType(contentType);
}

/** Jetty looks for `gzip` among the Accept-Encoding values (parameters aside). */
export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  const value = headers["accept-encoding"];
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return text.split(",").some((part) => (part.split(";")[0] ?? "").trim().toLowerCase() === "gzip");
}

function trailer(crc: number, length: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(crc >>> 0, 0);
  out.writeUInt32LE(length >>> 0, 4);
  return out;
}

/** A whole body as Jetty's GzipHttpOutputInterceptor writes it. */
export function jettyGzip(body: Buffer): Buffer {
  return Buffer.concat([JETTY_GZIP_HEADER, deflateRawSync(body), trailer(crc32(body), body.length)]);
}

/** A streamed body, chunk by chunk, in the same gzip framing. */
export async function* jettyGzipStream(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  const deflater = createDeflateRaw();
  const output: Buffer[] = [];
  deflater.on("data", (chunk: Buffer) => output.push(chunk));
  let crc = 0;
  let length = 0;
  yield JETTY_GZIP_HEADER;
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk, "utf8");
    crc = crc32(bytes, crc);
    length += bytes.length;
    // Each part is flushed, so a client reading the stream gets each answer as it is produced (Jetty's own
    // interceptor flushes only when the application flushes, which Jersey does after each streamed part).
    await new Promise<void>((resolve) => deflater.write(bytes, () => deflater.flush(() => resolve())));
    if (output.length > 0) yield Buffer.concat(output.splice(0));
  }
  const ended = new Promise<void>((resolve) => deflater.once("end", resolve));
  deflater.end();
  await ended;
  yield Buffer.concat([...output.splice(0), trailer(crc, length)]);
}
