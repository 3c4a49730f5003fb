import { ByteBuffer } from "../byte-buffer.ts";
import type { ConnectData } from "../converters.ts";

/** A record format: the bytes one record adds to a file, and the file extension (before compression). */
export interface RecordFormat {
  readonly extension: string;
  /** Appends the record's bytes to its file; throws (a DataException) before appending anything. */
  write(data: ConnectData, out: ByteBuffer): void;
  /** The record's bytes on their own. */
  encode(data: ConnectData): Buffer;
  readonly gzipAllowed: boolean;
}

export const JSON_FORMAT = "io.confluent.connect.s3.format.json.JsonFormat";
export const BYTE_ARRAY_FORMAT = "io.confluent.connect.s3.format.bytearray.ByteArrayFormat";
export const AVRO_FORMAT = "io.confluent.connect.s3.format.avro.AvroFormat";
export const PARQUET_FORMAT = "io.confluent.connect.s3.format.parquet.ParquetFormat";

/** `encode` from `write`: the record's bytes in a buffer of their own. */
export function encodeAlone(write: RecordFormat["write"], data: ConnectData): Buffer {
  const out = new ByteBuffer(256);
  write(data, out);
  return out.bytes();
}
