import { PartitionException, type Partitioner } from "./partitioner.ts";

/**
 * `FieldPartitioner`: `field=value` per configured field. The real one only understands Struct values, so for
 * the schemaless maps and strings this worker produces it always fails, with the real message.
 */
export function fieldPartitioner(fields: readonly string[]): Partitioner {
  void fields;
  return {
    timeBased: false,
    encode: () => {
      throw new PartitionException("Error encoding partition.");
    },
  };
}
