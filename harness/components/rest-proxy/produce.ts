import {
  RestError,
  badRequest,
  internalServerError,
  keySchemaMissing,
  unprocessable,
  unrecognizedField,
  valueSchemaMissing,
} from "./errors.ts";
import { serializeBinary, serializeJson, serializeWithSchema } from "./formats.ts";
import { JsonNumber, isJsonObject, jsonTypeName, type JsonValue } from "../../java/jackson-tree.ts";
import type { EmbeddedFormat } from "./media.ts";
import type { OutgoingRecord, RecordResult } from "./producer.ts";

/** Where serialized records go: the shared producer, or a fake in unit specs. */
export interface RecordSink {
  produce(topic: string, records: OutgoingRecord[]): Promise<RecordResult[]>;
}

interface ProduceRecordInput {
  key: JsonValue | undefined;
  value: JsonValue | undefined;
  partition: number | undefined;
}

interface ProduceRequest {
  records: ProduceRecordInput[];
  keySchema: string | undefined;
  keySchemaId: number | undefined;
  valueSchema: string | undefined;
  valueSchemaId: number | undefined;
}

const METHOD: Record<EmbeddedFormat, string> = {
  binary: "produceBinary",
  json: "produceJson",
  avro: "produceAvro",
  jsonschema: "produceJsonSchema",
  protobuf: "produceProtobuf",
};

/** Jackson's lenient Integer binding: numbers (fractions truncated) and numeric strings are accepted. */
export function coerceInt(value: JsonValue, field: string): number | undefined {
  if (value === null) return undefined;
  if (value instanceof JsonNumber) {
    const n = Math.trunc(value.toNumber());
    if (Number.isSafeInteger(n) && n >= -2147483648 && n <= 2147483647) return n;
    throw badRequest(`Numeric value (${value.text}) out of range of int (-2147483648 - 2147483647)`);
  }
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value))
    return coerceInt(new JsonNumber(value.trim().replace(/^\+/, "")), field);
  const shown = typeof value === "string" ? `String "${value}"` : `${jsonTypeName(value)} value`;
  throw badRequest(
    `Cannot deserialize value of type \`java.lang.Integer\` from ${shown}: not a valid \`java.lang.Integer\` value (field "${field}")`,
  );
}

function optionalString(value: JsonValue, field: string): string | undefined {
  if (value === null) return undefined;
  if (typeof value === "string") return value;
  if (value instanceof JsonNumber || typeof value === "boolean")
    return String(value instanceof JsonNumber ? value.text : value);
  throw badRequest(
    `Cannot deserialize value of type \`java.lang.String\` from ${jsonTypeName(value)} value (field "${field}")`,
  );
}

function parseRecord(node: JsonValue): ProduceRecordInput {
  if (!isJsonObject(node)) {
    throw badRequest(
      `Cannot construct instance of \`ProduceRecord\`: no delegate-based Creator to deserialize from ${jsonTypeName(node)} value`,
    );
  }
  const out: ProduceRecordInput = { key: undefined, value: undefined, partition: undefined };
  for (const [k, v] of node) {
    if (k === "key") out.key = v;
    else if (k === "value") out.value = v;
    else if (k === "partition") out.partition = coerceInt(v, "partition");
    else throw unrecognizedField(k);
  }
  return out;
}

/** Binds the body to the v2 produce request, with the real proxy's 400/422 answers for bad shapes. */
export function parseProduceRequest(
  body: JsonValue | undefined,
  format: EmbeddedFormat,
  toPartition: boolean,
): ProduceRequest {
  const arg = `${METHOD[format]}.${toPartition ? "arg3" : "arg2"}`;
  if (body === undefined || body === null) throw unprocessable(`${arg} must not be null (was null)`);
  if (!isJsonObject(body)) {
    throw badRequest(
      `Cannot construct instance of \`ProduceRequest\`: no delegate-based Creator to deserialize from ${jsonTypeName(body)} value`,
    );
  }
  const req: ProduceRequest = {
    records: [],
    keySchema: undefined,
    keySchemaId: undefined,
    valueSchema: undefined,
    valueSchemaId: undefined,
  };
  for (const [k, v] of body) {
    switch (k) {
      case "records":
        if (v === null) break;
        if (!Array.isArray(v)) {
          throw badRequest(`Cannot deserialize value of type \`java.util.ArrayList\` from ${jsonTypeName(v)} value`);
        }
        req.records = v.map(parseRecord);
        break;
      case "key_schema":
        req.keySchema = optionalString(v, k);
        break;
      case "value_schema":
        req.valueSchema = optionalString(v, k);
        break;
      case "key_schema_id":
        req.keySchemaId = coerceInt(v, k);
        break;
      case "value_schema_id":
        req.valueSchemaId = coerceInt(v, k);
        break;
      default:
        throw unrecognizedField(k);
    }
  }
  if (req.records.length === 0) throw unprocessable(`${arg}.records must not be empty (was [])`);
  return req;
}

const present = (v: JsonValue | undefined): boolean => v !== undefined && v !== null;

/** Serializes every record before any is sent, so one bad record fails the whole request. */
export function serializeRecords(
  req: ProduceRequest,
  format: EmbeddedFormat,
  urlPartition: number | undefined,
): OutgoingRecord[] {
  if (format === "avro" || format === "jsonschema" || format === "protobuf") {
    const anyKey = req.records.some((r) => present(r.key));
    const anyValue = req.records.some((r) => present(r.value));
    if (anyKey && req.keySchema === undefined && req.keySchemaId === undefined) throw keySchemaMissing();
    if (anyValue && req.valueSchema === undefined && req.valueSchemaId === undefined) throw valueSchemaMissing();
    if (anyKey || anyValue) serializeWithSchema();
  }
  const serialize = format === "binary" ? serializeBinary : format === "json" ? serializeJson : () => null;
  return req.records.map((r) => {
    const partition = r.partition ?? urlPartition;
    // The Java ProducerRecord rejects a negative partition with a plain exception, which surfaces as a bare 500.
    if (partition !== undefined && partition < 0) throw internalServerError();
    return { key: serialize(r.key), value: serialize(r.value), partition };
  });
}

export interface ProduceOutcome {
  status: number;
  body: string;
}

export function produceResponseBody(results: RecordResult[]): ProduceOutcome {
  let status = 200;
  const entries = results.map((r) => {
    if (r.ok) return `{"partition":${r.partition},"offset":${r.offset},"error_code":null,"error":null}`;
    if (status === 200 && r.status !== 200) status = r.status;
    return `{"partition":null,"offset":null,"error_code":${r.code},"error":${JSON.stringify(r.message)}}`;
  });
  return { status, body: `{"offsets":[${entries.join(",")}],"key_schema_id":null,"value_schema_id":null}` };
}

/** The whole v2 produce action: bind, validate, serialize all, send all, answer once every send finished. */
export async function produceV2(
  producer: RecordSink,
  topic: string,
  urlPartition: number | undefined,
  format: EmbeddedFormat,
  body: JsonValue | undefined,
): Promise<ProduceOutcome> {
  const req = parseProduceRequest(body, format, urlPartition !== undefined);
  const records = serializeRecords(req, format, urlPartition);
  let results: RecordResult[];
  try {
    results = await producer.produce(topic, records);
  } catch (error) {
    if (error instanceof RestError) throw error;
    throw new RestError(500, 500, "Unexpected non-Kafka exception returned by Kafka");
  }
  return produceResponseBody(results);
}
