import { randomFillSync, randomUUID } from "node:crypto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRACE_ROOT = /(?:^|;)\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})(?:;|$)/i;

// Every call needs 23 random bytes; drawing them from a pool keeps the entropy syscall off the hot path.
const pool = Buffer.alloc(8192);
let offset = pool.length;

function randomSlice(size: number): Buffer {
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + size);
  offset += size;
  return slice;
}

/** `x-amzn-RequestId`: a client-supplied UUID is kept, otherwise a new one. */
export function requestId(fromClient: string | undefined): string {
  return fromClient !== undefined && UUID.test(fromClient) ? fromClient : randomUUID();
}

/** `x-amz-apigw-id`: 11 random bytes in base64 give the 16-character, `=`-terminated shape of the real one. */
export function apigwId(): string {
  return randomSlice(11).toString("base64");
}

/** `X-Amzn-Trace-Id` towards the integration: an incoming Root is reused, else a new `Root=1-<epoch hex>-<24 hex>`. */
export function traceHeader(fromClient: string | undefined, now: number): { header: string; root: string } {
  const root = fromClient === undefined ? undefined : TRACE_ROOT.exec(fromClient)?.[1];
  if (root !== undefined && fromClient !== undefined) return { header: fromClient, root };
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, "0");
  const fresh = `1-${epoch}-${randomSlice(12).toString("hex")}`;
  return { header: `Root=${fresh}`, root: fresh };
}
