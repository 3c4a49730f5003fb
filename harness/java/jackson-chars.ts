/**
 * How Jackson sees the characters of a byte stream when it complains about one: some of its checks read a raw
 * byte (a non-ASCII character is then its first UTF-8 byte, read as Latin-1), others decode the character and
 * narrow it to one UTF-16 unit; an unrecognized token runs as far as Java identifier characters go.
 */

// Java's Character.isJavaIdentifierPart for a UTF-16 unit (but the identifier-ignorable controls, checked apart):
// Jackson collects an unrecognized token with it.
const JAVA_IDENTIFIER_PART = /^[\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mc}\p{Mn}\p{Cf}]$/u;
// Java's Character.isJavaIdentifierStart: what makes Jackson read a stray character as the start of a token.
const JAVA_IDENTIFIER_START = /^[\p{L}\p{Nl}\p{Sc}\p{Pc}]$/u;

/** Java's `(char)` of a code point: the UTF-16 unit Jackson keeps when it narrows a decoded character. */
export function javaChar(codePoint: number): number {
  return codePoint & 0xffff;
}

/** Java counts C0 controls but tab to space and the C1 ones, DEL included, as identifier-ignorable. */
function isIdentifierIgnorableControl(unit: number): boolean {
  return unit <= 0x08 || (unit >= 0x0e && unit <= 0x1b) || (unit >= 0x7f && unit <= 0x9f);
}

export function isJavaIdentifierPart(unit: number): boolean {
  return isIdentifierIgnorableControl(unit) || JAVA_IDENTIFIER_PART.test(String.fromCharCode(unit));
}

/** The first UTF-8 byte of a character: where Jackson checks a raw byte, a non-ASCII character is this byte. */
export function firstUtf8Byte(codePoint: number): number {
  if (codePoint < 0x80) return codePoint;
  if (codePoint < 0x800) return 0xc0 | (codePoint >> 6);
  if (codePoint < 0x10000) return 0xe0 | (codePoint >> 12);
  return 0xf0 | (codePoint >> 18);
}

/** The UTF-8 byte of a character at `index` (0 is the first), `undefined` past its last. */
export function utf8Byte(codePoint: number, index: number): number | undefined {
  const length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  if (index >= length) return undefined;
  if (index === 0) return firstUtf8Byte(codePoint);
  return 0x80 | ((codePoint >> (6 * (length - 1 - index))) & 0x3f);
}

/**
 * How Jackson names a character (a UTF-16 unit or a raw byte) in a message: `'x' (code 120)`, with the hex code
 * above 255, or `(CTRL-CHAR, code 10)` for an ISO control (C0, DEL and C1).
 */
export function describeChar(code: number): string {
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `(CTRL-CHAR, code ${code})`;
  const hex = code > 255 ? ` / 0x${code.toString(16)}` : "";
  return `'${String.fromCharCode(code)}' (code ${code}${hex})`;
}

/** `Character.isJavaIdentifierStart` for a raw byte read as Latin-1, or an ASCII character. */
export function isJavaIdentifierStart(unit: number): boolean {
  return JAVA_IDENTIFIER_START.test(String.fromCharCode(unit));
}
