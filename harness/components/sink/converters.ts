import { decodeUtf8AsJava } from "../../java/utf8.ts";
import { JsonParseError, parseJacksonValue, type ParseOptions } from "./json/jackson-parse.ts";
import { JavaMap, type JavaValue } from "./json/java-value.ts";
import { JsonTranscoder, type JsonSlice } from "./json/json-transcoder.ts";
import { DataException } from "./partitioners/partitioner.ts";

/** A converted Connect value and the type of its schema (`null` for schemaless). */
export interface ConnectData {
  readonly value: JavaValue;
  readonly schemaType: "STRING" | "BYTES" | null;
  /** Jackson's JSON of `value` (no line separator), when the converter wrote it straight from the record's bytes. */
  readonly json?: JsonSlice;
}

/** Whether the value is null, without parsing a transcoded one (which never is). */
export function isNullData(data: ConnectData): boolean {
  return data.json === undefined && data.value === null;
}

/** How JsonConverter reads: Connect 3.6+ enables leading zeros in numbers (KAFKA-15012). */
const JSON_READ: Required<ParseOptions> = { allowLeadingZeros: true };

/**
 * A schemaless JsonConverter value that the fast path wrote as JSON from the record's bytes. Its Java value is
 * parsed, by the general path, only if something asks for it (a field partitioner, a timestamp field,
 * ByteArrayFormat's type check, an error message): the JSON line needs none of it.
 */
class TranscodedJson implements ConnectData {
  readonly schemaType = null;
  private parsed: JavaValue | undefined;

  constructor(
    private readonly bytes: Buffer,
    readonly json: JsonSlice,
  ) {}

  get value(): JavaValue {
    if (this.parsed === undefined) this.parsed = parseJacksonValue(this.bytes, JSON_READ) ?? null;
    return this.parsed;
  }
}

// Null values are shared: the converters make one for every tombstone and every record without a key.
const NULL_STRING: ConnectData = Object.freeze({ value: null, schemaType: "STRING" });
const NULL_BYTES: ConnectData = Object.freeze({ value: null, schemaType: "BYTES" });
const NULL_SCHEMALESS: ConnectData = Object.freeze({ value: null, schemaType: null });

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
    return (bytes) => (bytes === null ? NULL_STRING : { value: decodeUtf8AsJava(bytes), schemaType: "STRING" });
  }
  if (className === BYTE_ARRAY_CONVERTER) {
    return (bytes) => (bytes === null ? NULL_BYTES : { value: new Uint8Array(bytes), schemaType: "BYTES" });
  }
  if (className === JSON_CONVERTER) {
    const schemasEnabled = (settings["schemas.enable"] ?? "true").trim().toLowerCase() !== "false";
    const transcoder = schemasEnabled ? undefined : new JsonTranscoder(JSON_READ);
    return (bytes) => {
      if (bytes === null) return NULL_SCHEMALESS;
      const json = transcoder?.transcode(bytes);
      if (json !== undefined) return new TranscodedJson(bytes, json);
      let parsed: JavaValue | undefined;
      try {
        parsed = parseJacksonValue(bytes, JSON_READ);
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
