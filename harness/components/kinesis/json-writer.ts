import { javaDoubleToString } from "../../java/java-number.ts";
import { Timestamp, type AnswerValue } from "./answer-values.ts";

/**
 * Compact JSON in key insertion order, as Kinesis's JSON writer puts it. A timestamp is epoch seconds in a Java
 * `double`, printed with `Double.toString`, so a client reading the raw body sees `1.441215410867E9`, not
 * `1441215410.867`; bytes are standard base64 text.
 */
export function writeJson(value: AnswerValue | undefined): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Timestamp) return javaDoubleToString(value.millis / 1000);
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString("base64"));
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
