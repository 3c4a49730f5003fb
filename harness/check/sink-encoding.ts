import { JSON_CONVERTER, makeConverter, STRING_CONVERTER } from "../components/sink/converters.ts";
import { JSON_FORMAT } from "../components/sink/format/format.ts";
import { jsonFormat } from "../components/sink/format/json.ts";
import type { JavaOracle } from "../oracle/index.ts";
import type { LogRecord } from "./kafka-log.ts";

/** The lines the S3 sink writes for records, in their order; `undefined` where the sink could not write one. */
export type SinkLineEncoder = (records: readonly LogRecord[]) => Promise<(string | undefined)[]>;

/** The oracle op that answers a converter's JsonFormat line, for the converters it runs. */
function oracleOp(converter: string, settings: Record<string, string>): string | undefined {
  if (converter === STRING_CONVERTER) return "connect/string-json-line";
  const schemasEnabled = (settings["schemas.enable"] ?? "true").trim().toLowerCase() !== "false";
  if (converter === JSON_CONVERTER && !schemasEnabled) return "connect/json-line";
  return undefined;
}

/**
 * The line the S3 sink writes for a record under a connector configuration, for the byte comparison; only
 * for JsonFormat (other formats are not line-based text). Converters default to MSK Connect's worker defaults.
 * With the oracle, the line is what Kafka Connect's own JsonConverter and Jackson write; without it, what
 * pinpipe's sink encoder writes.
 */
export function sinkLineEncoder(config: Record<string, string>, oracle?: JavaOracle): SinkLineEncoder | undefined {
  if ((config["format.class"] ?? "") !== JSON_FORMAT) return undefined;
  const prefix = "value.converter.";
  const settings = Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const converter = config["value.converter"] ?? STRING_CONVERTER;
  const convert = makeConverter(converter, settings);
  const format = jsonFormat();
  const ownLine = (record: LogRecord): string | undefined => {
    try {
      return format.encode(convert(record.value)).toString("utf8").replace(/\n$/, "");
    } catch {
      return undefined;
    }
  };
  const op = oracleOp(converter, settings);
  if (!oracle || !op) return async (records) => records.map(ownLine);
  return async (records) => {
    // A null value (a tombstone) never reaches a converter's bytes path; pinpipe's own encoder answers it.
    const valued = records.filter((r) => r.value !== null);
    const answers = await oracle.ask(valued.map((r) => ({ op, input: r.value as Buffer })));
    const byRecord = new Map(valued.map((r, i) => [r, answers[i]]));
    return records.map((record) => {
      const answer = byRecord.get(record);
      if (!answer) return ownLine(record);
      return answer.ok ? answer.output.toString("utf8").replace(/\n$/, "") : undefined;
    });
  };
}
