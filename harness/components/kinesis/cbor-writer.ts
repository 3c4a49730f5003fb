import { Timestamp, type AnswerValue } from "./answer-values.ts";
import { encodeCbor } from "./cbor/encode.ts";
import { CborTag, EPOCH_TAG, type CborMap, type CborValue } from "./cbor/types.ts";

/**
 * An answer to a request sent as `application/x-amz-cbor-1.1`, as Kinesis writes it: maps and arrays with
 * indefinite lengths, bytes as byte strings, and a timestamp as tag 1 around an integer count of epoch
 * *milliseconds* (not the seconds RFC 8949 gives tag 1): the AWS SDK for Java reads that number as a `long` of
 * milliseconds and the v2 SDK refuses a float there.
 */
export function writeCbor(value: AnswerValue): Buffer {
  return encodeCbor(toCbor(value), { indefinite: true });
}

function toCbor(value: AnswerValue): CborValue {
  if (value instanceof Timestamp) return new CborTag(EPOCH_TAG, Math.trunc(value.millis));
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(toCbor);
  const map: CborMap = {};
  for (const [key, member] of Object.entries(value)) {
    // An absent member is left out, as in JSON.
    if (member !== undefined) map[key] = toCbor(member);
  }
  return map;
}
