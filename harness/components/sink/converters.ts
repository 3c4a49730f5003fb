import { decodeUtf8AsJava } from "../../java/utf8.ts";
import { JsonParseError, parseJacksonValue } from "./json/jackson-parse.ts";
import { JavaMap, type JavaValue } from "./json/java-value.ts";
import { DataException } from "./partitioners/partitioner.ts";

/** A converted Connect value and the type of its schema (`null` for schemaless). */
export interface ConnectData {
  value: JavaValue;
  schemaType: "STRING" | "BYTES" | null;
}

export type Converter = (bytes: Buffer | null) => ConnectData;

export const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
export const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
export const BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

export const KNOWN_CONVERTERS = [STRING_CONVERTER, JSON_CONVERTER, BYTE_ARRAY_CONVERTER];

const SERIALIZATION = "Converting byte[] to Kafka Connect data failed due to serialization error: ";
const ENVELOPE =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields.' +
  " If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.";

/** A converter error, keeping the parser's error as its cause for the task trace. */
export class ConverterError extends DataException {}

/**
 * Builds a converter from its class and its own settings (`schemas.enable`, ...), as the worker configures it.
 * `allowLeadingZeros` follows the Connect runtime version (3.6+).
 */
export function makeConverter(className: string, settings: Record<string, string>): Converter {
  if (className === STRING_CONVERTER) {
    return (bytes) => ({ value: bytes === null ? null : decodeUtf8AsJava(bytes), schemaType: "STRING" });
  }
  if (className === BYTE_ARRAY_CONVERTER) {
    return (bytes) => ({ value: bytes === null ? null : new Uint8Array(bytes), schemaType: "BYTES" });
  }
  if (className === JSON_CONVERTER) {
    const schemasEnabled = (settings["schemas.enable"] ?? "true").trim().toLowerCase() !== "false";
    return (bytes) => {
      if (bytes === null) return { value: null, schemaType: null };
      let parsed: JavaValue | undefined;
      try {
        parsed = parseJacksonValue(bytes);
      } catch (error) {
        if (error instanceof JsonParseError) throw new ConverterError(SERIALIZATION, { cause: error });
        throw error;
      }
      if (!schemasEnabled) return { value: parsed ?? null, schemaType: null };
      if (
        !(parsed instanceof JavaMap) ||
        parsed.entries.length !== 2 ||
        !parsed.entries.some(([k]) => k === "schema") ||
        !parsed.entries.some(([k]) => k === "payload")
      ) {
        throw new DataException(ENVELOPE);
      }
      // Only `"schema": null` envelopes are understood; typed schemas (Structs) are not supported here.
      const schema = parsed.entries.find(([k]) => k === "schema")?.[1];
      if (schema !== null)
        throw new DataException('pinpipe\'s sink does not support JsonConverter schemas (only "schema": null)');
      return { value: parsed.entries.find(([k]) => k === "payload")?.[1] ?? null, schemaType: null };
    };
  }
  throw new Error(`unknown converter ${className}`);
}
