import type { AnswerValue } from "./answer-values.ts";
import { decodeCbor } from "./cbor/decode.ts";
import { CborError, CborSimple, CborTag, SELF_DESCRIBED_TAG } from "./cbor/types.ts";
import { writeCbor } from "./cbor-writer.ts";
import { writeJson } from "./json-writer.ts";

/** The two bodies Kinesis reads and writes: the AWS JSON protocol's, and the CBOR the Java SDKs and the KCL send. */
export type WireFormat = "json" | "cbor";

export const AMZ_JSON = "application/x-amz-json-1.1";
export const AMZ_CBOR = "application/x-amz-cbor-1.1";
export const CONTENT_TYPES: Readonly<Record<WireFormat, string>> = { json: AMZ_JSON, cbor: AMZ_CBOR };

/** An answer's body in the request's format. */
export function writeBody(format: WireFormat, value: AnswerValue): Buffer {
  return format === "cbor" ? writeCbor(value) : Buffer.from(writeJson(value));
}

/** A request's body, or undefined when it is not well-formed JSON or CBOR. */
export function parseBody(format: WireFormat, body: Buffer): unknown {
  if (format === "json") {
    try {
      return JSON.parse(body.toString("utf8"));
    } catch {
      return undefined;
    }
  }
  try {
    let value = decodeCbor(body);
    while (value instanceof CborTag && value.tag === SELF_DESCRIBED_TAG) value = value.value;
    return value;
  } catch (error) {
    if (error instanceof CborError) return undefined;
    throw error;
  }
}

/** A JSON object or a CBOR map: the only request body an action reads. */
export function isMap(body: unknown): body is Record<string, unknown> {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    !Buffer.isBuffer(body) &&
    !(body instanceof CborTag) &&
    !(body instanceof CborSimple)
  );
}
