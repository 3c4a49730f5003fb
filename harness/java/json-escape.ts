/**
 * Jackson's UTF-8 generator string escaping: the short escapes, `\u00XX` (uppercase hex) for other control
 * characters, and every UTF-16 surrogate unit escaped on its own; everything else, `/` and U+2028 included, raw.
 */

const SHORT: Record<number, string> = {
  0x22: '\\"',
  0x5c: "\\\\",
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0c: "\\f",
  0x0d: "\\r",
};

function hex4(cu: number): string {
  return "\\u" + cu.toString(16).toUpperCase().padStart(4, "0");
}

/** Needs escaping: quote, backslash, control characters, surrogates. */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const cu = s.charCodeAt(i);
    if (cu < 0x20 || cu === 0x22 || cu === 0x5c || (cu >= 0xd800 && cu <= 0xdfff)) return true;
  }
  return false;
}

/** Jackson's escape of one UTF-16 unit, or undefined where it writes the unit as it is. */
export function jacksonEscape(cu: number): string | undefined {
  if (cu < 0x20 || cu === 0x22 || cu === 0x5c) return SHORT[cu] ?? hex4(cu);
  if (cu >= 0xd800 && cu <= 0xdfff) return hex4(cu);
  return undefined;
}

/** The quoted JSON string literal, as text to be UTF-8 encoded. */
export function jacksonQuote(s: string): string {
  if (!needsEscape(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) out += jacksonEscape(s.charCodeAt(i)) ?? s[i];
  return out + '"';
}
