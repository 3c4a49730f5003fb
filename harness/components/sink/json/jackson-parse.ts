import { readJackson, type JsonTreeBuilder } from "../../../java/jackson-parser.ts";
import { hashMapEntries } from "../../../java/hashmap-order.ts";
import { javaDoubleFromToken, javaLongFromToken } from "../../../java/java-number.ts";
import { JavaMap, type JavaValue } from "./java-value.ts";

/** A Jackson parse failure; its message is Jackson's, as a task trace shows it. */
export { JacksonParseError as JsonParseError } from "../../../java/jackson-parser.ts";
import { JacksonParseError } from "../../../java/jackson-parser.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export interface ParseOptions {
  /** Connect 3.6+ enables leading zeros in numbers (KAFKA-15012); 2.7.1 rejects them. Default true. */
  allowLeadingZeros?: boolean;
}

/**
 * What Kafka's JsonConverter makes of a tree with schemas disabled: objects become HashMaps (iteration order
 * follows the hash table, not arrival), integers Longs, every number with a fraction or exponent a Double read
 * through BigDecimal.
 */
const CONNECT_TREE: JsonTreeBuilder<JavaValue> = {
  object: (members) => new JavaMap(hashMapEntries(members)),
  array: (items) => items,
  string: (text) => text,
  integer: javaLongFromToken,
  floating: javaDoubleFromToken,
  literal: (value) => value,
};

/**
 * Parses bytes the way Kafka's JsonConverter (schemas disabled) reads them: Jackson `readTree` with
 * BigDecimal floats, then conversion to Java values. Only the first root value is read; what follows it is
 * ignored, except that a root number must not run on into other characters.
 * Returns `undefined` for empty or whitespace-only input (a null value).
 */
export function parseJacksonValue(bytes: Uint8Array, options: ParseOptions = {}): JavaValue | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new JacksonParseError("Invalid UTF-8 start byte");
  }
  return readJackson(text, CONNECT_TREE, { allowLeadingZeros: options.allowLeadingZeros ?? true });
}
