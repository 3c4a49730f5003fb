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
import { JacksonBindingError, bindInteger, bindString, notAnArray, notAnObject } from "../../java/jackson-binding.ts";
import { isJsonObject, type JsonValue } from "../../java/jackson-tree.ts";
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

const REQUEST_CLASS = "io.confluent.kafkarest.entities.v2.ProduceRequest";
const RECORD_CLASS = `${REQUEST_CLASS}$ProduceRecord`;
const RECORDS_TYPE = `java.util.ArrayList<${RECORD_CLASS}>`;

/** Jackson's refusals are 400s with its words. */
function jackson<T>(bind: () => T): T {
  try {
    return bind();
  } catch (error) {
    if (error instanceof JacksonBindingError) throw badRequest(error.message);
    throw error;
  }
}

/** A `java.lang.Integer` member as Jackson binds it (numbers in int range, numeric strings, null). */
export function coerceInt(value: JsonValue, _field?: string): number | undefined {
  return jackson(() => bindInteger(value));
}

/**
 * One record, bound through its creator: a member of the wrong type fails where it stands, an unknown one once
 * the record is read. A null entry binds as null.
 */
function bindRecord(node: JsonValue): ProduceRecordInput | null {
  if (node === null) return null;
  if (!isJsonObject(node)) throw notAnObject(RECORD_CLASS, node);
  const out: ProduceRecordInput = { key: undefined, value: undefined, partition: undefined };
  let unknown: string | undefined;
  for (const [k, v] of node) {
    if (k === "key") out.key = v;
    else if (k === "value") out.value = v;
    else if (k === "partition") out.partition = bindInteger(v);
    else unknown ??= k;
  }
  if (unknown !== undefined) throw unrecognizedField(unknown);
  return out;
}

function bindRecords(value: JsonValue): Array<ProduceRecordInput | null> {
  if (value === null) return [];
  if (!Array.isArray(value)) throw notAnArray(RECORDS_TYPE, value);
  return value.map(bindRecord);
}

/**
 * Binds the body to the v2 produce request as the proxy's Jackson does (`entities.v2.ProduceRequest`: creators
 * taking their members), with its 400s, the 422 the provider makes of an unknown member, and bean validation's
 * 422s after.
 */
export function parseProduceRequest(
  body: JsonValue | undefined,
  format: EmbeddedFormat,
  toPartition: boolean,
): ProduceRequest {
  const arg = `${METHOD[format]}.${toPartition ? "arg3" : "arg2"}`;
  if (body === undefined || body === null) throw unprocessable(`${arg} must not be null (was null)`);
  const req = jackson(() => bindRequest(body));
  if (req.records.length === 0) throw unprocessable(`${arg}.records must not be empty (was [])`);
  return req;
}

function bindRequest(body: JsonValue): ProduceRequest {
  if (!isJsonObject(body)) throw notAnObject(REQUEST_CLASS, body);
  let records: Array<ProduceRecordInput | null> = [];
  const req: ProduceRequest = {
    records: [],
    keySchema: undefined,
    keySchemaId: undefined,
    valueSchema: undefined,
    valueSchemaId: undefined,
  };
  let unknown: string | undefined;
  for (const [k, v] of body) {
    if (k === "records") records = bindRecords(v);
    else if (k === "key_schema") req.keySchema = bindString(v);
    else if (k === "value_schema") req.valueSchema = bindString(v);
    else if (k === "key_schema_id") req.keySchemaId = bindInteger(v);
    else if (k === "value_schema_id") req.valueSchemaId = bindInteger(v);
    else unknown ??= k;
  }
  // The creator copies the records into a Guava ImmutableList, which refuses a null entry; Jackson reports what
  // the creator threw before the members it did not know.
  const hole = records.indexOf(null);
  if (hole >= 0) {
    throw new JacksonBindingError(`Cannot construct instance of \`${REQUEST_CLASS}\`, problem: at index ${hole}`);
  }
  if (unknown !== undefined) throw unrecognizedField(unknown);
  req.records = records as ProduceRecordInput[];
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
