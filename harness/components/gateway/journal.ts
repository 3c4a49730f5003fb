import { isUtf8 } from "node:buffer";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { FaultCause } from "./faults.ts";
import type { HeaderPair } from "./headers.ts";

/** A body as the journal keeps it: UTF-8 text when it is text, base64 otherwise, cut at the size cap. */
export interface JournalBody {
  /** Its length on the wire. */
  bytes: number;
  text?: string;
  base64?: string;
  truncated: boolean;
  /** Set when the body went gzipped (`Content-Encoding: gzip`): `text` or `base64` then hold it unzipped. */
  decoded?: "gzip";
}

/**
 * How run-time faults shaped an exchange: pinpipe's own record, so that a reader tells an injected answer from a
 * real one (the client and the access log cannot: they get exactly what API Gateway would send).
 */
export interface JournalFault {
  /** Extra time the gateway waited before the integration, ms. */
  delayMs: number;
  /** The fault that made the answer; null when the integration (or a MOCK) answered. */
  cause: FaultCause | null;
}

/** One line of the journal: a whole exchange, client side and integration side. */
export interface JournalEntry {
  time: string;
  requestId: string;
  extendedRequestId: string;
  sourceIp: string;
  method: string;
  /** The request target as the client sent it, query included. */
  url: string;
  stage: string;
  resourcePath: string | null;
  status: number;
  latencyMs: number;
  request: { headers: HeaderPair[]; body: JournalBody };
  response: { headers: HeaderPair[]; body: JournalBody };
  integration: {
    method: string;
    url: string;
    headers: HeaderPair[];
    /**
     * What an AWS service integration sent the service: its request template's output, which a check compares with
     * what the service stored. Absent for HTTP proxy integrations, which send the client's body unchanged.
     */
    body?: JournalBody;
    status: number | null;
    latencyMs: number;
    error: string | null;
  } | null;
  error: { responseType: string | null; message: string } | null;
  /** Present only on exchanges handled under faults that got as far as throttling. */
  fault?: JournalFault;
}

export function journalBody(body: Buffer, limit: number, contentEncoding?: string): JournalBody {
  if (contentEncoding?.trim().toLowerCase() === "gzip") {
    // The REST proxy gzips for clients that accept it; the journal keeps what it said, readable.
    try {
      return { ...journalBody(gunzipSync(body), limit), bytes: body.length, decoded: "gzip" };
    } catch {
      // Not gzip after all: kept as it came.
    }
  }
  const kept = body.length > limit ? body.subarray(0, limit) : body;
  const truncated = kept.length < body.length;
  // A cut can split a multi-byte character, so only an uncut body decides text versus binary strictly.
  if (isUtf8(kept) || (truncated && isUtf8(body.subarray(0, Math.max(0, limit - 3))))) {
    return { bytes: body.length, text: kept.toString("utf8"), truncated };
  }
  return { bytes: body.length, base64: kept.toString("base64"), truncated };
}

/** Reads a journal file back, oldest exchange first. */
export async function readJournal(path: string): Promise<JournalEntry[]> {
  const content = await readFile(path, "utf8");
  return content
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as JournalEntry);
}
