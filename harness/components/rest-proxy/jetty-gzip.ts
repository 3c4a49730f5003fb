/**
 * Response compression as rest-utils 7.2 sets it up: `compression.enable` defaults to true and wraps the
 * application in Jetty 9.4's GzipHandler for GET and POST. What that handler does, and so what this does:
 * - an answer with a status outside 200-299, or 204 or 205, is left alone, with no `Vary`;
 * - any other answer to GET or POST of a compressible type gets `Vary: Accept-Encoding`, whatever the client said;
 * - it is gzipped when the request's Accept-Encoding names gzip and the body is at least 32 bytes (or its length is
 *   not known in advance, as for a streamed answer), and then carries `Content-Encoding: gzip`.
 * The gzip member is written as Jetty writes it, which is as the JDK writes one. A streamed answer (v3 produce) is
 * deflated part by part without sync flush, GzipHandler's default, so its client gets the header with the first
 * part and most of the rest only when the answer ends. Python's `requests` always accepts gzip, so an emulator's
 * answers through API Gateway arrive gzipped, as they do on AWS.
 */
import type { IncomingHttpHeaders } from "node:http";

export { jettyGzip, jettyGzipStream } from "../../java/gzip.ts";

/** Jetty's `GzipHandler.DEFAULT_MIN_GZIP_SIZE`. */
export const MIN_GZIP_SIZE = 32;
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
