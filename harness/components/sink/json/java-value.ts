import { javaDoubleToString } from "../../../java/java-number.ts";
import { jacksonQuote } from "../../../java/json-escape.ts";

/**
 * A schemaless Connect value as the JVM holds it: `bigint` is a Long, `number` a Double, `JavaMap` a HashMap
 * (entries already in iteration order), arrays ArrayLists, `Uint8Array` a byte[].
 */
export type JavaValue = null | boolean | string | bigint | number | Uint8Array | JavaValue[] | JavaMap;

export class JavaMap {
  constructor(readonly entries: [string, JavaValue][]) {}
}

/** The Java class name a value has, as error messages print it (`class java.util.HashMap`). */
export function javaClassName(v: JavaValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return "java.lang.String";
  if (typeof v === "boolean") return "java.lang.Boolean";
  if (typeof v === "bigint") return "java.lang.Long";
  if (typeof v === "number") return "java.lang.Double";
  if (v instanceof Uint8Array) return "[B";
  if (Array.isArray(v)) return "java.util.ArrayList";
  return "java.util.HashMap";
}

/** `String.valueOf` of the value, as Java prints maps (`{a=1, b=x}`) and lists in messages. */
export function javaToString(v: JavaValue): string {
  if (v === null) return "null";
  if (typeof v === "number") return javaDoubleToString(v);
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Uint8Array) return "[B@" + ((v.length * 2654435761) >>> 0).toString(16).slice(0, 7);
  if (Array.isArray(v)) return `[${v.map(javaToString).join(", ")}]`;
  return `{${v.entries.map(([k, x]) => `${k}=${javaToString(x)}`).join(", ")}}`;
}

/** Compact JSON as Jackson's generator writes it; non-finite doubles are quoted, as Jackson does by default. */
export function writeJackson(v: JavaValue): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return jacksonQuote(v);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    case "number":
      return Number.isFinite(v) ? javaDoubleToString(v) : `"${javaDoubleToString(v)}"`;
  }
  if (v instanceof Uint8Array) return `"${Buffer.from(v).toString("base64")}"`;
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i === 0 ? "" : ",") + writeJackson(v[i] as JavaValue);
    return out + "]";
  }
  let out = "{";
  for (let i = 0; i < v.entries.length; i++) {
    const [k, x] = v.entries[i] as [string, JavaValue];
    out += (i === 0 ? "" : ",") + jacksonQuote(k) + ":" + writeJackson(x);
  }
  return out + "}";
}
