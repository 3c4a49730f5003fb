import { tokenShape } from "../../java/jackson-binding.ts";
import type { JacksonSource } from "../../java/jackson-parser.ts";
import { jacksonQuote } from "../../java/json-escape.ts";
import { RestError, badRequest, payloadError, schemaSerialization, unrecognizedField } from "./errors.ts";
import { serializeBinary, serializeJson } from "./formats.ts";
import { JsonNumber, isJsonObject, parseJsonStream, type JsonValue } from "../../java/jackson-tree.ts";
import { elementParseMessage, entityParseMessage, iteratorParseMessage, streamedMessage } from "./json-errors.ts";
import type { RecordSink } from "./produce.ts";
import { coerceInt } from "./produce.ts";
import type { OutgoingRecord, RecordResult } from "./producer.ts";

/** One record of a v3 produce stream, serialized and ready to send, or the error line it earns. */
type Prepared =
  | { ok: true; record: OutgoingRecord; keyType: string | undefined; valueType: string | undefined }
  | { ok: false; error: RestError };

/** Every error the stream carries keeps only its message's first line (`StreamingResponse`'s error mapper). */
const errorLine = (e: RestError): string => new RestError(e.status, e.errorCode, streamedMessage(e.message)).body();

/** Jackson's `Instant` text (ISO_INSTANT): whole seconds print no fraction, others three digits. */
export function instantText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * The `type` of a v3 key or value, bound as Jackson binds it to 7.2's `EmbeddedFormat`: exact names only (no
 * lower case; 7.2 has no STRING, which came later), a number as the enum's ordinal. The refusal is Jackson's
 * message; what `getMessage()` adds after it (the location, then the reference chain) starts on a new line, which
 * the stream drops.
 */
const EMBEDDED_FORMATS = ["BINARY", "JSON", "AVRO", "JSONSCHEMA", "PROTOBUF"];
/** The order Jackson 2.13 lists the constants in (its name table's), measured on the real class's names. */
const LISTED_FORMATS = "[JSON, BINARY, AVRO, PROTOBUF, JSONSCHEMA]";
const FORMAT_CLASS = "`io.confluent.kafkarest.entities.EmbeddedFormat`";

function embeddedFormat(value: JsonValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === "string") {
    if (EMBEDDED_FORMATS.includes(value)) return value;
    throw badRequest(
      `Cannot deserialize value of type ${FORMAT_CLASS} from String "${value}": not one of the values accepted for Enum class: ${LISTED_FORMATS}`,
    );
  }
  if (value instanceof JsonNumber && value.integral) {
    const format = EMBEDDED_FORMATS[Number(value.text)];
    if (format !== undefined) return format;
    throw badRequest(
      `Cannot deserialize value of type ${FORMAT_CLASS} from number ${value.text}: index value outside legal index range [0..${EMBEDDED_FORMATS.length - 1}]`,
    );
  }
  throw badRequest(`Cannot deserialize value of type ${FORMAT_CLASS} from ${tokenShape(value)}`);
}

function data(node: JsonValue | undefined, field: string): { bytes: Buffer | null; type: string | undefined } {
  if (node === undefined || node === null) return { bytes: null, type: undefined };
  if (!isJsonObject(node)) throw badRequest(`Cannot deserialize ${field} from a non-object value`);
  let type: string | undefined;
  let payload: JsonValue | undefined;
  let schemaHint = false;
  for (const [k, v] of node) {
    if (k === "type") type = embeddedFormat(v);
    else if (k === "data") payload = v;
    else if (k === "subject" || k === "schema_id" || k === "schema_version" || k === "schema") schemaHint = true;
    else if (k !== "subject_name_strategy") throw unrecognizedField(k);
  }
  if (type === "BINARY") return { bytes: serializeBinary(payload), type };
  if (type === "JSON") return { bytes: serializeJson(payload), type };
  // Schema formats, or no type at all (which means "the subject's latest schema"), need a schema registry.
  if (type !== undefined || schemaHint || (payload !== undefined && payload !== null)) {
    throw schemaSerialization("Schema Registry not defined, no Schema Registry client available to serialize message.");
  }
  return { bytes: null, type: undefined };
}

function prepare(node: JsonValue): Prepared {
  try {
    if (!isJsonObject(node)) throw badRequest("Cannot deserialize ProduceRequest from a non-object value");
    const record: OutgoingRecord = { key: null, value: null, partition: undefined };
    let keyType: string | undefined;
    let valueType: string | undefined;
    for (const [k, v] of node) {
      if (k === "partition_id") record.partition = coerceInt(v, k);
      else if (k === "key") ({ bytes: record.key, type: keyType } = data(v, k));
      else if (k === "value") ({ bytes: record.value, type: valueType } = data(v, k));
      else if (k === "headers") record.headers = headers(v);
      else if (k === "timestamp") record.timestamp = timestamp(v);
      else throw unrecognizedField(k);
    }
    return { ok: true, record, keyType, valueType };
  } catch (error) {
    if (error instanceof RestError) return { ok: false, error };
    throw error;
  }
}

function headers(v: JsonValue): Array<{ name: string; value: Buffer | null }> {
  if (v === null) return [];
  if (!Array.isArray(v)) throw badRequest("Cannot deserialize headers from a non-array value");
  return v.map((h) => {
    if (!isJsonObject(h) || typeof h.get("name") !== "string") throw badRequest("A header needs a name");
    return { name: h.get("name") as string, value: serializeBinary(h.get("value")) };
  });
}

function timestamp(v: JsonValue): number | undefined {
  if (v === null) return undefined;
  const ms = v instanceof JsonNumber ? v.toNumber() : typeof v === "string" ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest("Cannot deserialize value of type `java.time.Instant`");
  return ms;
}

function successLine(
  clusterId: string,
  topic: string,
  prepared: Extract<Prepared, { ok: true }>,
  result: Extract<RecordResult, { ok: true }>,
): string {
  const part = (type: string | undefined, bytes: Buffer | null): string =>
    type === undefined ? "" : `{"type":${jacksonQuote(type)},"size":${bytes === null ? -1 : bytes.length}}`;
  const key = part(prepared.keyType, prepared.record.key);
  const value = part(prepared.valueType, prepared.record.value);
  return (
    `{"cluster_id":${jacksonQuote(clusterId)},"topic_name":${jacksonQuote(topic)},"partition_id":${result.partition},` +
    `"offset":${result.offset},"timestamp":${jacksonQuote(instantText(result.timestamp))}` +
    `${key ? `,"key":${key}` : ""}${value ? `,"value":${value}` : ""}}`
  );
}

/** One record of a v3 produce body as the proxy's iterator delivers it: the tree read, or the error line it earns. */
export type StreamRecord = { ok: true; node: JsonValue } | { ok: false; error: RestError };

/**
 * The records of a v3 produce body, read as the proxy's `MappingIterator` reads them. Malformed JSON is answered
 * where Jackson meets it: on the body's first token, by Jersey, as a plain 400 (thrown); inside a record, with
 * that record's error line, after which the iterator skips the rest of the record and goes on; where a record
 * should start (or while skipping), with a last error line. An empty body is a null entity, which the action
 * refuses (thrown).
 */
export function* readProduceStream(body: string, source: JacksonSource): Generator<StreamRecord, void, undefined> {
  let seen = 0;
  for (const item of parseJsonStream(body, { closeMarkers: true })) {
    if (item.ok) {
      seen++;
      yield { ok: true, node: item.value };
      continue;
    }
    if (seen++ === 0 && item.fatal) throw badRequest(entityParseMessage(body, item.error, source));
    const message = (item.fatal ? iteratorParseMessage : elementParseMessage)(body, item.error, source);
    yield { ok: false, error: badRequest(message) };
  }
  if (seen === 0) throw payloadError("Null input provided. Data is required.");
}

/**
 * `POST /v3/clusters/{c}/topics/{t}/records`: a stream of concatenated records in, one line out per record in
 * input order (each followed by CRLF, the chunk delimiter). Every record is sent as soon as it is read, so
 * they share producer batches; a record that does not bind earns an error line and the stream goes on.
 */
export function produceV3(
  sink: RecordSink,
  clusterId: string,
  topic: string,
  body: string,
  source: JacksonSource,
): AsyncIterable<string> {
  const pending: Array<Promise<string>> = [];
  for (const read of readProduceStream(body, source)) {
    const p = read.ok ? prepare(read.node) : read;
    if (!p.ok) {
      pending.push(Promise.resolve(errorLine(p.error)));
      continue;
    }
    pending.push(
      sink.produce(topic, [p.record]).then(
        ([r]) =>
          r && r.ok
            ? successLine(clusterId, topic, p, r)
            : errorLine(
                new RestError(r?.status ?? 500, r?.ok === false ? r.code : 500, r?.ok === false ? r.message : ""),
              ),
        () => errorLine(new RestError(500, 500, "Internal Server Error")),
      ),
    );
  }
  return (async function* () {
    for (const line of pending) yield `${await line}\r\n`;
  })();
}
