import { javaDoubleToString } from "../../java/java-number.ts";

/**
 * A timestamp in a response. Kinesis's JSON writer puts a timestamp as epoch seconds in a Java `double`, printed
 * with `Double.toString`, so a client reading the raw body sees `1.441215410867E9`, not `1441215410.867`.
 */
export class EpochSeconds {
  constructor(readonly millis: number) {}

  toJSON(): string {
    return javaDoubleToString(this.millis / 1000);
  }
}

export type JsonValue =
  string | number | boolean | null | EpochSeconds | JsonValue[] | { [key: string]: JsonValue | undefined };

/** Compact JSON in key insertion order, with timestamps written as Java writes them. */
export function writeJson(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof EpochSeconds) return value.toJSON();
  if (Array.isArray(value)) return `[${value.map(writeJson).join(",")}]`;
  if (typeof value === "object") {
    const members: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      // An absent member is left out, as Kinesis leaves out what it has no value for.
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${writeJson(member)}`);
    }
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}
