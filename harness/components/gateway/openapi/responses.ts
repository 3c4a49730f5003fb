import { malformed, unsupported, type Place } from "./place.ts";
import { isObject, optionalInteger, optionalString, optionalStringMap } from "./values.ts";

/** One entry of an integration's `responses`: the key is the selection pattern, `default` the default response. */
export interface ExportedResponse {
  /** Undefined on the default response. */
  selectionPattern: string | undefined;
  statusCode: number;
  responseTemplates: Record<string, string> | undefined;
  /** `method.response.header.<name>` -> source. */
  responseParameters: Record<string, string> | undefined;
}

/**
 * `CONVERT_TO_TEXT` turns a binary payload into base64 text; without binary media types (which the callers refuse
 * beside AWS integrations) every payload already is text, so it changes nothing. `CONVERT_TO_BINARY` decodes
 * base64, which the gateway never does.
 */
export function checkContentHandling(value: unknown, place: Place, name: string): void {
  const handling = optionalString(value, place, name)?.toUpperCase();
  if (handling === undefined || handling === "CONVERT_TO_TEXT") return;
  if (handling === "CONVERT_TO_BINARY") {
    throw unsupported(
      place,
      `${name} CONVERT_TO_BINARY is not served: pinpipe's gateway passes payloads as text and never decodes base64`,
    );
  }
  throw malformed(place, `${name} "${handling}" is neither CONVERT_TO_TEXT nor CONVERT_TO_BINARY`);
}

/** The integration responses, in the file's order; undefined when the integration has none. */
export function readResponses(value: unknown, place: Place): ExportedResponse[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw malformed(place, "the integration's responses must be an object");
  return Object.entries(value).map(([key, entry]) => {
    const name = `integration response "${key}"`;
    if (!isObject(entry)) throw malformed(place, `${name} must be an object`);
    const statusCode = optionalInteger(entry.statusCode, place, `${name} statusCode`);
    if (statusCode === undefined) throw malformed(place, `${name} has no statusCode`);
    checkContentHandling(entry.contentHandling, place, `${name} contentHandling`);
    return {
      selectionPattern: key === "default" ? undefined : key,
      statusCode,
      responseTemplates: optionalStringMap(entry.responseTemplates, place, `${name} responseTemplates`),
      responseParameters: optionalStringMap(entry.responseParameters, place, `${name} responseParameters`),
    };
  });
}
