import { writeJackson } from "../json/java-value.ts";
import type { RecordFormat } from "./format.ts";

/** JsonFormat: one compact JSON value per record, each followed by the JVM line separator (`\n`). */
export function jsonFormat(): RecordFormat {
  return {
    extension: ".json",
    gzipAllowed: true,
    encode: (data) => Buffer.from(writeJackson(data.value) + "\n", "utf8"),
  };
}
