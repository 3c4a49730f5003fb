import type { ByteBuffer } from "../byte-buffer.ts";
import type { ConnectData } from "../converters.ts";
import { writeJackson } from "../json/java-value.ts";
import { encodeAlone, type RecordFormat } from "./format.ts";

const LINE_SEPARATOR = 0x0a;

/** JsonFormat: one compact JSON value per record, each followed by the JVM line separator (`\n`). */
export function jsonFormat(): RecordFormat {
  const write = (data: ConnectData, out: ByteBuffer): void => {
    // A value the converter transcoded comes with its JSON already: the same bytes `writeJackson` gives.
    if (data.json !== undefined) out.appendRange(data.json.bytes, data.json.start, data.json.end);
    else out.appendText(writeJackson(data.value));
    out.appendByte(LINE_SEPARATOR);
  };
  return { extension: ".json", gzipAllowed: true, write, encode: (data) => encodeAlone(write, data) };
}
