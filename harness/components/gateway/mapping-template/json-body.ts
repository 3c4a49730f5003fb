import { readJackson, type JsonTreeBuilder } from "../../../java/jackson-parser.ts";
import { markJsonList, type VtlValue } from "./values.ts";

/** Objects become insertion-ordered maps (a repeated name keeps its first place, its last value), as they do in
 * the ordered JSON reader API Gateway's JSONPath runs on; integers stay exact, other numbers are doubles. */
const TREE: JsonTreeBuilder<VtlValue> = {
  object(members) {
    const out = new Map<string, VtlValue>();
    for (const [name, value] of members) out.set(name, value);
    return out;
  },
  array: (items) => markJsonList(items),
  string: (text) => text,
  integer: (token) => BigInt(token),
  floating: (token) => Number(token),
  literal: (value) => value,
};

/**
 * Parses a JSON document. An empty body reads as `{}`, which is what API Gateway hands templates when a request
 * has no payload. Throws the parser's error for anything else that is not JSON.
 */
export function readJsonBody(text: string): VtlValue {
  const value = readJackson(text, TREE);
  return value === undefined ? new Map() : value;
}
