/**
 * How Jackson databind (2.14, default features) binds a JSON value to the Java types request entities declare, and
 * the words of its refusal (the exception's original message). Messages name a type as `java.lang.Integer` or
 * `java.util.ArrayList<…>`, the caller says which.
 */
import { JsonNumber, isJsonObject, type JsonValue } from "./jackson-tree.ts";
import { javaDoubleToString } from "./java-number.ts";

/** A value Jackson cannot bind to the declared type (a `MismatchedInputException` or one of its kin). */
export class JacksonBindingError extends Error {
  override name = "com.fasterxml.jackson.databind.exc.MismatchedInputException";
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;
// Jackson quotes at most this many characters of a string value at each end.
const MAX_ERROR_STR_LEN = 500;

/** `String.trim()`: Java strips every character up to U+0020, and nothing else. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

/** The token a value starts with, as Jackson's "from … value (token `JsonToken.…`)" names it. */
export function tokenShape(value: JsonValue): string {
  if (Array.isArray(value)) return "Array value (token `JsonToken.START_ARRAY`)";
  if (isJsonObject(value)) return "Object value (token `JsonToken.START_OBJECT`)";
  if (typeof value === "boolean") return `Boolean value (token \`JsonToken.VALUE_${value ? "TRUE" : "FALSE"}\`)`;
  if (typeof value === "string") return "String value (token `JsonToken.VALUE_STRING`)";
  if (value instanceof JsonNumber) {
    return value.integral
      ? "Integer value (token `JsonToken.VALUE_NUMBER_INT`)"
      : "Floating-point value (token `JsonToken.VALUE_NUMBER_FLOAT`)";
  }
  return "Null value (token `JsonToken.VALUE_NULL`)";
}

/** A token the type's deserializer does not take at all. */
export function unexpectedToken(type: string, value: JsonValue): JacksonBindingError {
  return new JacksonBindingError(`Cannot deserialize value of type \`${type}\` from ${tokenShape(value)}`);
}

/** A string in a message: quoted, and cut in the middle past 500 characters at each end. */
function quoted(text: string): string {
  const cut =
    text.length <= MAX_ERROR_STR_LEN
      ? text
      : `${text.slice(0, MAX_ERROR_STR_LEN)}]...[${text.slice(text.length - MAX_ERROR_STR_LEN)}`;
  return `"${cut}"`;
}

function isBlank(text: string): boolean {
  return javaTrim(text) === "";
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** `Character.digit(c, 10)`: any Unicode decimal digit, by its place in its run of ten. */
function digitValue(codePoint: number): number {
  let zero = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return (codePoint - zero) % 10;
}

/** `Long.parseLong`: an optional sign and decimal digits, within a long; `undefined` where it throws. */
function javaParseLong(text: string): bigint | undefined {
  const match = /^([+-]?)(\p{Nd}+)$/u.exec(text);
  if (!match) return undefined;
  let value = 0n;
  for (const digit of match[2] ?? "") value = value * 10n + BigInt(digitValue(digit.codePointAt(0) ?? 0));
  if (match[1] === "-") value = -value;
  return value < LONG_MIN || value > LONG_MAX ? undefined : value;
}

/** Jackson's number overflow: the number as written, or its digit count past 999 characters. */
function intOverflow(text: string): JacksonBindingError {
  const digits = text.startsWith("-") ? text.length - 1 : text.length;
  const shown = text.length < 1000 ? text : `[Integer with ${digits} digits]`;
  return new JacksonBindingError(`Numeric value (${shown}) out of range of int (-2147483648 - 2147483647)`);
}

/** A `java.lang.Integer` from a string: trimmed; empty, blank or "null" is null; the digits Java's parser takes. */
function integerFromString(raw: string): number | undefined {
  const text = javaTrim(raw);
  if (text === "" || text === "null") return undefined;
  const value = javaParseLong(text);
  const weird = (why: string): JacksonBindingError =>
    new JacksonBindingError(
      `Cannot deserialize value of type \`java.lang.Integer\` from String ${quoted(text)}: ${why}`,
    );
  if (value === undefined) throw weird("not a valid `java.lang.Integer` value");
  if (value < INT_MIN || value > INT_MAX) {
    // Nine characters or fewer always fit; Jackson words the overflow of longer ones.
    throw weird(`Overflow: numeric value (${text}) out of range of \`java.lang.Integer\` (-2147483648 -2147483647)`);
  }
  return Number(value);
}

/**
 * A `java.lang.Integer` member, `undefined` for null. A fraction is dropped, but only once the number is
 * within int range; a numeric string is read as Java reads one.
 */
export function bindInteger(value: JsonValue): number | undefined {
  if (value === null) return undefined;
  if (typeof value === "string") return integerFromString(value);
  if (!(value instanceof JsonNumber)) throw unexpectedToken("java.lang.Integer", value);
  if (value.integral) {
    const n = BigInt(value.text);
    if (n < INT_MIN || n > INT_MAX) throw intOverflow(value.text);
    return Number(n);
  }
  const d = value.toNumber();
  if (!(d >= Number(INT_MIN) && d <= Number(INT_MAX))) throw intOverflow(value.text);
  return Math.trunc(d) + 0;
}

/** A `java.lang.String` member, `undefined` for null: a number keeps its text, a boolean becomes its name. */
export function bindString(value: JsonValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === "string") return value;
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === "boolean") return String(value);
  throw unexpectedToken("java.lang.String", value);
}

/**
 * A `java.util.List` member given something other than an array (null aside). A blank string is refused like any
 * other in Jackson 2.14 (2.13 offered to coerce it).
 */
export function notAnArray(type: string, value: JsonValue): JacksonBindingError {
  return unexpectedToken(type, value);
}

/** How a number reads when Jackson hands it to a creator: its Java type's name and its Java text. */
function creatorNumber(value: JsonNumber): { kind: string; text: string } {
  if (!value.integral) return { kind: "double/Double", text: javaDoubleToString(value.toNumber()) };
  const n = BigInt(value.text);
  if (n >= INT_MIN && n <= INT_MAX) return { kind: "int/Int", text: n.toString() };
  if (n >= LONG_MIN && n <= LONG_MAX) return { kind: "long/Long", text: n.toString() };
  return { kind: "BigInteger", text: n.toString() };
}

/**
 * A class bound through a creator taking its members (`@JsonCreator` with `@JsonProperty` parameters) given
 * something other than an object or null.
 */
export function notAnObject(type: string, value: JsonValue): JacksonBindingError {
  const missing = (what: string): JacksonBindingError =>
    new JacksonBindingError(
      `Cannot construct instance of \`${type}\` (although at least one Creator exists): no ${what}`,
    );
  if (typeof value === "string") {
    if (isBlank(value)) {
      return new JacksonBindingError(
        `Cannot coerce empty String ("") to \`${type}\` value (but could if coercion was enabled using \`CoercionConfig\`)`,
      );
    }
    return missing(
      `String-argument constructor/factory method to deserialize from String value ('${javaTrim(value)}')`,
    );
  }
  if (typeof value === "boolean") {
    return missing(`boolean/Boolean-argument constructor/factory method to deserialize from boolean value (${value})`);
  }
  if (value instanceof JsonNumber) {
    const n = creatorNumber(value);
    return missing(`${n.kind}-argument constructor/factory method to deserialize from Number value (${n.text})`);
  }
  return unexpectedToken(type, value);
}
