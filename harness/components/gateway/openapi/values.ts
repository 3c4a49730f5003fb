import { malformed, type Place } from "./place.ts";

/** A JSON or YAML mapping, before anything about it is known. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A mapping that may be absent; anything else there is a malformed export. */
export function optionalObject(value: unknown, place: Place, name: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw malformed(place, `${name} must be an object`);
  return value;
}

export function optionalString(value: unknown, place: Place, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw malformed(place, `${name} must be a string`);
  return value;
}

/** A mapping of strings, e.g. requestParameters or requestTemplates; undefined when absent or empty. */
export function optionalStringMap(value: unknown, place: Place, name: string): Record<string, string> | undefined {
  const object = optionalObject(value, place, name);
  if (object === undefined) return undefined;
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(object)) {
    // A null entry is how the API Gateway API itself writes "no template for this type".
    if (entry === null) continue;
    if (typeof entry !== "string") throw malformed(place, `${name}.${key} must be a string`);
    map[key] = entry;
  }
  return Object.keys(map).length === 0 ? undefined : map;
}

/**
 * An integer written as a number or as a string of digits: exports write status codes as strings and timeouts as
 * numbers, and a YAML file written by hand may do either.
 */
export function optionalInteger(value: unknown, place: Place, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number)) throw malformed(place, `${name} must be an integer`);
  return number;
}
