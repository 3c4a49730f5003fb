/**
 * Jackson's UTF-8 generator string escaping at the byte level, one UTF-16 unit at a time: the same rules as
 * `jacksonQuote` (json-escape.ts), written straight into a byte buffer. Each function writes at `at` and returns
 * where it stopped; the caller makes the room (at most six bytes a unit).
 */

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
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

/** One UTF-16 unit as Jackson's UTF-8 generator writes it inside a string (see `jacksonQuote`). */
export function writeUnit(out: Uint8Array, at: number, unit: number): number {
  if (unit < 0x20) {
    if (unit === 0x08) return writeShortEscape(out, at, 0x62);
    if (unit === 0x09) return writeShortEscape(out, at, 0x74);
    if (unit === 0x0a) return writeShortEscape(out, at, 0x6e);
    if (unit === 0x0c) return writeShortEscape(out, at, 0x66);
    if (unit === 0x0d) return writeShortEscape(out, at, 0x72);
    return writeUnitEscape(out, at, unit);
  }
  if (unit === QUOTE || unit === BACKSLASH) return writeShortEscape(out, at, unit);
  if (unit >= 0xd800 && unit <= 0xdfff) return writeUnitEscape(out, at, unit);
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
