/**
 * Jackson's UTF-8 generator string escaping at the byte level, one UTF-16 unit at a time: `jacksonEscape`'s rules
 * (json-escape.ts), written straight into a byte buffer. Each function writes at `at` and returns
 * where it stopped; the caller makes the room (at most six bytes a unit).
 */

import { jacksonEscape } from "./json-escape.ts";

const BACKSLASH = 0x5c;
const HEX = "0123456789ABCDEF";

/** Jackson's escape of one UTF-16 unit: `\uXXXX`, upper-case. */
export function writeUnitEscape(out: Uint8Array, at: number, unit: number): number {
  out[at] = BACKSLASH;
  out[at + 1] = 0x75;
  out[at + 2] = HEX.charCodeAt(unit >> 12);
  out[at + 3] = HEX.charCodeAt((unit >> 8) & 0xf);
  out[at + 4] = HEX.charCodeAt((unit >> 4) & 0xf);
  out[at + 5] = HEX.charCodeAt(unit & 0xf);
  return at + 6;
}

export function writeShortEscape(out: Uint8Array, at: number, letter: number): number {
  out[at] = BACKSLASH;
  out[at + 1] = letter;
  return at + 2;
}

/** One UTF-16 unit as Jackson's UTF-8 generator writes it inside a string: escaped by `jacksonEscape`'s rules, or
 * encoded as it is. */
export function writeUnit(out: Uint8Array, at: number, unit: number): number {
  const escape = jacksonEscape(unit);
  if (escape !== undefined) {
    for (let k = 0; k < escape.length; k++) out[at + k] = escape.charCodeAt(k);
    return at + escape.length;
  }
  if (unit < 0x80) {
    out[at] = unit;
    return at + 1;
  }
  if (unit < 0x800) {
    out[at] = 0xc0 | (unit >> 6);
    out[at + 1] = 0x80 | (unit & 0x3f);
    return at + 2;
  }
  out[at] = 0xe0 | (unit >> 12);
  out[at + 1] = 0x80 | ((unit >> 6) & 0x3f);
  out[at + 2] = 0x80 | (unit & 0x3f);
  return at + 3;
}
