import { javaClassName } from "../json/java-value.ts";
import { DataException } from "../partitioners/partitioner.ts";
import type { RecordFormat } from "./format.ts";

/** ByteArrayFormat: raw value bytes followed by the separator (verbatim, possibly empty) after every record. */
export function byteArrayFormat(extension: string, separator: string): RecordFormat {
  const sep = Buffer.from(separator, "utf8");
  return {
    extension,
    gzipAllowed: true,
    encode: (data) => {
      if (data.schemaType !== null && data.schemaType !== "BYTES") {
        throw new DataException(`Invalid schema type for ByteArrayConverter: ${data.schemaType}`);
      }
      const v = data.value;
      if (!(v instanceof Uint8Array)) {
        throw new DataException(`ByteArrayConverter is not compatible with objects of type class ${javaClassName(v)}`);
      }
      return Buffer.concat([v, sep]);
    },
  };
}
