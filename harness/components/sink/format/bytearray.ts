import type { ByteBuffer } from "../byte-buffer.ts";
import type { ConnectData } from "../converters.ts";
import { javaClassName } from "../json/java-value.ts";
import { DataException } from "../partitioners/partitioner.ts";
import { encodeAlone, type RecordFormat } from "./format.ts";

/** ByteArrayFormat: raw value bytes followed by the separator (verbatim, possibly empty) after every record. */
export function byteArrayFormat(extension: string, separator: string): RecordFormat {
  const sep = Buffer.from(separator, "utf8");
  const write = (data: ConnectData, out: ByteBuffer): void => {
    if (data.schemaType !== null && data.schemaType !== "BYTES") {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${data.schemaType}`);
    }
    const v = data.value;
    if (!(v instanceof Uint8Array)) {
      throw new DataException(`ByteArrayConverter is not compatible with objects of type class ${javaClassName(v)}`);
    }
    out.append(v);
    out.append(sep);
  };
  return { extension, gzipAllowed: true, write, encode: (data) => encodeAlone(write, data) };
}
