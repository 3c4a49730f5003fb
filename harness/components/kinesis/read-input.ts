import { CborSimple, CborTag } from "./cbor/types.ts";
import { serializationError } from "./errors.ts";
import type { Members, Shape } from "./shapes.ts";
import type { WireFormat } from "./wire-format.ts";

/**
 * Turns a parsed body into typed values as Kinesis's reader does before any validation: members it does not know
 * and nulls are dropped, a value of the wrong type is a SerializationException with the reader's own (Java)
 * wording, numbers are truncated to integers, blobs become bytes and timestamps milliseconds. The actions see the
 * same values whichever format the request came in.
 *
 * JSON carries a blob as base64 text and a timestamp as epoch seconds. CBOR carries a blob as a byte string and a
 * timestamp as epoch milliseconds, tagged 1 by the AWS SDKs (which is not RFC 8949's seconds, but is what the
 * service reads); base64 text in a CBOR blob is read as in JSON.
 */
export function readMembers(
  members: Members,
  raw: Record<string, unknown>,
  format: WireFormat,
): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(members)) {
    const value = Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined;
    if (value === null || value === undefined) continue;
    read[name] = readValue(member.shape, value, format);
  }
  return read;
}

const NUMBER_CLASS = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** A number to a whole one as Java's casts make it: toward zero, and NaN (which only CBOR can carry) to 0. */
const javaTruncate = (value: number): number => (Number.isNaN(value) ? 0 : Math.trunc(value));

/**
 * The Java class the reader names when a scalar cannot become what the member needs. A CBOR byte string is a Java
 * `byte[]` ("[B"); that wording, like the JSON reader's for CBOR's numbers, is inferred, not seen from the service.
 */
function javaClass(value: string | number | boolean | Buffer): string {
  if (Buffer.isBuffer(value)) return "class [B";
  if (typeof value === "boolean") return "class java.lang.Boolean";
  if (typeof value === "number") return NUMBER_CLASS;
  return "class java.lang.String";
}

type Scalar = string | number | boolean | Buffer;
const isScalar = (value: unknown): value is Scalar =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" || Buffer.isBuffer(value);

/** The reader's complaint about a list or an object where a scalar belongs. */
function notScalar(value: unknown): never {
  if (Array.isArray(value)) throw serializationError("Start of list found where not expected");
  throw serializationError("Start of structure or map found where not expected.");
}

const cannotConvert = (value: Scalar, target: string): never => {
  throw serializationError(`${javaClass(value)} can not be converted to ${target}`);
};

/**
 * CBOR's own kinds of value, brought to what JSON would have given: a tag is read through to its content (the
 * SDKs tag timestamps with 1, and the unit comes from the format, not the tag), a bigint is a number, undefined is
 * null. An unassigned simple value is nothing the reader can take.
 */
function plain(value: unknown): unknown {
  let inner = value;
  while (inner instanceof CborTag) inner = inner.value;
  if (typeof inner === "bigint") return Number(inner);
  if (inner instanceof CborSimple) throw serializationError();
  return inner === undefined ? null : inner;
}

function readValue(shape: Shape, raw: unknown, format: WireFormat): unknown {
  const value = plain(raw);
  switch (shape.kind) {
    case "string":
      if (typeof value === "string") return value;
      return isScalar(value) ? cannotConvert(value, "an String") : notScalar(value);
    case "integer":
      if (typeof value === "number") return Math.min(INT_MAX, Math.max(INT_MIN, javaTruncate(value)));
      return isScalar(value) ? cannotConvert(value, "an Integer") : notScalar(value);
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string") {
        if (/^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
        throw serializationError(`'${value.toUpperCase()}' can not be converted to an Boolean`);
      }
      return isScalar(value) ? cannotConvert(value, "an Boolean") : notScalar(value);
    case "blob":
      if (Buffer.isBuffer(value)) return value;
      if (typeof value === "string") return readBase64(value);
      return isScalar(value) ? cannotConvert(value, "a Blob") : notScalar(value);
    case "timestamp":
      if (typeof value === "number") return format === "cbor" ? javaTruncate(value) : Math.round(value * 1000);
      return isScalar(value) ? cannotConvert(value, "milliseconds since epoch") : notScalar(value);
    case "list":
      if (Array.isArray(value)) {
        return value.map((item) => {
          const inner = plain(item);
          return inner === null ? null : readValue(shape.member, item, format);
        });
      }
      if (isScalar(value)) throw serializationError("Expected list or null");
      throw serializationError("Start of structure or map found where not expected.");
    case "structure":
      if (Array.isArray(value)) throw serializationError("Start of list found where not expected");
      if (isScalar(value)) throw serializationError("Expected null");
      return readMembers(shape.members, value as Record<string, unknown>, format);
    case "map":
      if (Array.isArray(value)) throw serializationError("Start of list found where not expected");
      if (isScalar(value)) throw serializationError("Expected map or null");
      return value;
  }
}

/** Standard base64, checked as Kinesis checks it: whole quads, only the alphabet, padding only at the end. */
function readBase64(text: string): Buffer {
  const problem = (detail: string): never => {
    throw serializationError(`'${text}' can not be converted to a Blob: ${detail}`);
  };
  if (text.length % 4 !== 0) {
    problem(`Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  }
  const bad = /[^a-zA-Z0-9+/=]|=[^=]/.exec(text);
  if (bad) problem(`Invalid Base64 character: '${bad[0][0]}'`);
  const bytes = Buffer.from(text, "base64");
  // Bits left over in the last character must be zero: only one text encodes each value. ("dectected" is the
  // service's own spelling, as "an String" above is its grammar.)
  if (bytes.toString("base64") !== text) problem("Invalid last non-pad Base64 character dectected");
  return bytes;
}
