import type { IHeaders } from "kafkajs";
import type { ConnectData } from "./converters.ts";

/** A consumed Kafka record as the task received it (raw bytes kept for the dead-letter queue). */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: number;
  /** ms since the epoch, or null for records without a timestamp. */
  timestamp: number | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
}

/** A record after the converters: what the connector's `put()` sees. */
export interface SinkRecord {
  raw: RawRecord;
  key: ConnectData;
  value: ConnectData;
  headers: [string, string | null][];
}

// Most records have no headers: they share these (frozen, so that nothing can add to them).
const NO_RAW_HEADERS = Object.freeze([]) as unknown as [string, Buffer | null][];
const NO_HEADERS = Object.freeze([]) as unknown as [string, string | null][];

/** kafkajs's header object as Connect's header list: a repeated key (an array) gives one header per value. */
export function rawHeaders(headers: IHeaders | undefined): [string, Buffer | null][] {
  if (headers === undefined) return NO_RAW_HEADERS;
  const entries = Object.entries(headers);
  if (entries.length === 0) return NO_RAW_HEADERS;
  return entries.flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x): [string, Buffer | null] => [k, x === undefined ? null : Buffer.from(x)]),
  );
}

export function headerStrings(headers: readonly [string, Buffer | null][]): [string, string | null][] {
  if (headers.length === 0) return NO_HEADERS;
  return headers.map(([k, v]): [string, string | null] => [k, v === null ? null : v.toString("utf8")]);
}
