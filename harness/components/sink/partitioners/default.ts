import type { Partitioner } from "./partitioner.ts";

/** `DefaultPartitioner`: one directory per Kafka partition. */
export function defaultPartitioner(): Partitioner {
  return { timeBased: false, encode: (r) => `partition=${r.kafkaPartition}` };
}
