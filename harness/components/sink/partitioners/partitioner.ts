import type { JavaValue } from "../json/java-value.ts";

/** What a partitioner sees of a record. */
export interface PartitionInput {
  topic: string;
  kafkaPartition: number;
  offset: number;
  /** Kafka record timestamp in ms (null when the record has none). */
  timestamp: number | null;
  value: JavaValue;
}

/** Thrown where the real partitioners throw `PartitionException`; such records may go to the DLQ. */
export class PartitionException extends Error {
  override name = "io.confluent.connect.storage.errors.PartitionException";
}

/** Thrown where the real code throws Connect's `DataException`. */
export class DataException extends Error {
  override name = "org.apache.kafka.connect.errors.DataException";
}

/** Thrown where the real code throws `ConnectException`. */
export class ConnectException extends Error {
  override name = "org.apache.kafka.connect.errors.ConnectException";
}

export interface Partitioner {
  /** Time-based partitioners expose their timestamp step so the writer can run it before the guard, as the real one. */
  timestamp?(record: PartitionInput, now: number): number;
  /** The encoded partition (`partition=0`, `region=eu`, `year=2024/month=01/...`). */
  encode(record: PartitionInput, timestamp: number | undefined): string;
  /** The partition duration for time-based ones (for `rotate.interval.ms` bucketing). */
  readonly timeBased: boolean;
}
