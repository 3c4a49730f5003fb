import type { ConnectData } from "../converters.ts";

/** A record format: the bytes one record adds to a file, and the file extension (before compression). */
export interface RecordFormat {
  readonly extension: string;
  encode(data: ConnectData): Buffer;
  readonly gzipAllowed: boolean;
}

export const JSON_FORMAT = "io.confluent.connect.s3.format.json.JsonFormat";
export const BYTE_ARRAY_FORMAT = "io.confluent.connect.s3.format.bytearray.ByteArrayFormat";
export const AVRO_FORMAT = "io.confluent.connect.s3.format.avro.AvroFormat";
export const PARQUET_FORMAT = "io.confluent.connect.s3.format.parquet.ParquetFormat";
