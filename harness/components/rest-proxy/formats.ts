import { badRequestPrefixed, schemaSerialization, serializationError } from "./errors.ts";
import { JsonSyntaxError, parseJson, stringifyJson, type JsonValue } from "../../java/jackson-tree.ts";

const BASE64 = /^[A-Za-z0-9+/]*$/;

/**
 * Strict base64 as the real proxy decodes it: the standard alphabet only, trailing `=` of any count
 * stripped first, and no length that leaves a single dangling character. Node's decoder accepts far more.
 */
export function decodeStrictBase64(text: string): Buffer | undefined {
  const body = text.replace(/=+$/, "");
  if (!BASE64.test(body) || body.length % 4 === 1) return undefined;
  return Buffer.from(body, "base64");
}

/** Binary embedded format: a base64 string, or null. */
export function serializeBinary(data: JsonValue | undefined): Buffer | null {
  if (data === undefined || data === null) return null;
  if (typeof data !== "string") throw badRequestPrefixed(`data=${stringifyJson(data)} is not a base64 string.`);
  const bytes = decodeStrictBase64(data);
  if (!bytes) throw badRequestPrefixed(`data=${stringifyJson(data)} is not a valid base64 string.`);
  return bytes;
}

/** JSON embedded format: the value re-serialized compactly, as Jackson writes it. */
export function serializeJson(data: JsonValue | undefined): Buffer | null {
  if (data === undefined || data === null) return null;
  return Buffer.from(stringifyJson(data), "utf8");
}

/** Schema formats need a schema registry; pinpipe runs without one, like a proxy with none configured. */
export function serializeWithSchema(): never {
  throw schemaSerialization("Schema Registry not defined, no Schema Registry client available to serialize message.");
}

/** Consumer side: bytes back to the embedded representation (binary → base64 string, json → tree). */
export function deserializeBinary(bytes: Buffer | null): string | null {
  return bytes === null ? null : bytes.toString("base64");
}

export function deserializeJson(bytes: Buffer | null): JsonValue {
  if (bytes === null) return null;
  try {
    const v = parseJson(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return v === undefined ? null : v;
  } catch (error) {
    const detail = error instanceof JsonSyntaxError ? error.message : "Invalid UTF-8 input";
    throw serializationError(detail);
  }
}
