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
