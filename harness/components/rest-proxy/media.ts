import { errorTypeFromAccept as errorTypeIn } from "../../java/jaxrs/media.ts";

// The REST proxy's media types; the negotiation itself is JAX-RS's, in harness/java/jaxrs.

export const V2_JSON = "application/vnd.kafka.v2+json";
export const JSON_TYPE = "application/json";

export type EmbeddedFormat = "binary" | "json" | "avro" | "jsonschema" | "protobuf";
export const FORMATS: readonly EmbeddedFormat[] = ["binary", "json", "avro", "jsonschema", "protobuf"];

export function formatType(format: EmbeddedFormat): string {
  return `application/vnd.kafka.${format}.v2+json`;
}

/**
 * The type of an error body written before any handler matched (404/405/415/406): the first Accept entry that is a
 * plain or v2 JSON type, else `application/json`. `strict` (406) returns undefined instead of the default, because
 * the real proxy then sends no body at all.
 */
export function errorTypeFromAccept(header: string | undefined, strict = false): string | undefined {
  return errorTypeIn(header, [JSON_TYPE, V2_JSON], strict);
}
