import { serializationError } from "./errors.ts";
import type { Members, Shape } from "./shapes.ts";

/**
 * Turns a parsed JSON body into typed values as Kinesis's JSON reader does before any validation: members it does
 * not know and nulls are dropped, a value of the wrong JSON type is a SerializationException with the reader's
 * own (Java) wording, numbers are truncated to integers, blobs are decoded from base64 and timestamps (epoch
 * seconds) become milliseconds.
 */
export function readMembers(members: Members, raw: Record<string, unknown>): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(members)) {
    const value = raw[name];
    if (value === null || value === undefined) continue;
    read[name] = readValue(member.shape, value);
  }
  return read;
}

const NUMBER_CLASS = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** The reader's complaint about a list or an object where a scalar belongs. */
function notScalar(value: object): never {
  if (Array.isArray(value)) throw serializationError("Start of list found where not expected");
  throw serializationError("Start of structure or map found where not expected.");
}

function readValue(shape: Shape, value: unknown): unknown {
  switch (shape.kind) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "boolean")
        throw serializationError("class java.lang.Boolean can not be converted to an String");
      if (typeof value === "number") throw serializationError(`${NUMBER_CLASS} can not be converted to an String`);
      return notScalar(value as object);
    case "integer":
      if (typeof value === "number") return Math.min(INT_MAX, Math.max(INT_MIN, Math.trunc(value)));
      if (typeof value === "boolean")
        throw serializationError("class java.lang.Boolean can not be converted to an Integer");
      if (typeof value === "string")
        throw serializationError("class java.lang.String can not be converted to an Integer");
      return notScalar(value as object);
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "number") throw serializationError(`${NUMBER_CLASS} can not be converted to an Boolean`);
      if (typeof value === "string") {
        if (/^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
        throw serializationError(`'${value.toUpperCase()}' can not be converted to an Boolean`);
      }
      return notScalar(value as object);
    case "blob":
      if (typeof value === "string") return readBase64(value);
      if (typeof value === "boolean")
        throw serializationError("class java.lang.Boolean can not be converted to a Blob");
      if (typeof value === "number") throw serializationError(`${NUMBER_CLASS} can not be converted to a Blob`);
      return notScalar(value as object);
    case "timestamp":
      if (typeof value === "number") return Math.round(value * 1000);
      if (typeof value === "boolean") {
        throw serializationError("class java.lang.Boolean can not be converted to milliseconds since epoch");
      }
      if (typeof value === "string") {
        throw serializationError("class java.lang.String can not be converted to milliseconds since epoch");
      }
      return notScalar(value as object);
    case "list":
      if (Array.isArray(value)) return value.map((item) => (item === null ? null : readValue(shape.member, item)));
      if (typeof value === "object") throw serializationError("Start of structure or map found where not expected.");
      throw serializationError("Expected list or null");
    case "structure":
      if (Array.isArray(value)) throw serializationError("Start of list found where not expected");
      if (typeof value === "object") return readMembers(shape.members, value as Record<string, unknown>);
      throw serializationError("Expected null");
    case "map":
      if (Array.isArray(value)) throw serializationError("Start of list found where not expected");
      if (typeof value === "object") return value;
      throw serializationError("Expected map or null");
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
