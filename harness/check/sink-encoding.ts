import { makeConverter } from "../components/sink/converters.ts";
import { JSON_FORMAT } from "../components/sink/format/format.ts";
import { jsonFormat } from "../components/sink/format/json.ts";
import type { LogRecord } from "./kafka-log.ts";

const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

/**
 * The line the S3 sink writes for a record under a connector configuration, for the byte comparison; only
 * for JsonFormat (other formats are not line-based text). Converters default to MSK Connect's worker defaults.
 */
export function sinkLineEncoder(config: Record<string, string>): ((record: LogRecord) => string) | undefined {
  if ((config["format.class"] ?? "") !== JSON_FORMAT) return undefined;
  const prefix = "value.converter.";
  const settings = Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const convert = makeConverter(config["value.converter"] ?? STRING_CONVERTER, settings);
  const format = jsonFormat();
  return (record) => format.encode(convert(record.value)).toString("utf8").replace(/\n$/, "");
}
