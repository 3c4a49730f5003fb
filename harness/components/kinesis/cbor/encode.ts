import { CborError, CborSimple, CborTag, type CborValue } from "./types.ts";

export interface CborEncodeOptions {
  /**
   * Arrays and maps with indefinite lengths, ended by a break (0x9f/0xbf … 0xff), as the AWS SDKs' Jackson
   * generator writes them; definite lengths otherwise.
   */
  indefinite?: boolean;
}

const UINT64_LIMIT = 2n ** 64n;

/**
 * Encodes one data item. Integers take their shortest head; other numbers (and -0, NaN, the infinities) are 64-bit
 * floats; strings and byte strings always have definite lengths; a map's members keep their insertion order.
 */
export function encodeCbor(value: CborValue, options: CborEncodeOptions = {}): Buffer {
  const parts: Buffer[] = [];
  write(value, parts, options.indefinite === true);
  return Buffer.concat(parts);
}

/** The initial byte and argument of an item, in the fewest bytes (RFC 8949 section 4.2.1). */
function head(major: number, argument: number | bigint): Buffer {
  const top = major << 5;
  if (typeof argument === "number" && argument < 24) return Buffer.from([top | argument]);
  if (argument < 0x100) return Buffer.from([top | 24, Number(argument)]);
  if (argument < 0x10000) {
    const bytes = Buffer.alloc(3);
    bytes[0] = top | 25;
    bytes.writeUInt16BE(Number(argument), 1);
    return bytes;
  }
  if (argument < 0x100000000) {
    const bytes = Buffer.alloc(5);
    bytes[0] = top | 26;
    bytes.writeUInt32BE(Number(argument), 1);
    return bytes;
  }
  const bytes = Buffer.alloc(9);
  bytes[0] = top | 27;
  bytes.writeBigUInt64BE(BigInt(argument), 1);
  return bytes;
}

function float64(value: number): Buffer {
  const bytes = Buffer.alloc(9);
  bytes[0] = 0xfb;
  bytes.writeDoubleBE(value, 1);
  return bytes;
}

function write(value: CborValue, parts: Buffer[], indefinite: boolean): void {
  if (value === undefined) parts.push(Buffer.from([0xf7]));
  else if (value === null) parts.push(Buffer.from([0xf6]));
  else if (typeof value === "boolean") parts.push(Buffer.from([value ? 0xf5 : 0xf4]));
  else if (typeof value === "number") {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      parts.push(value >= 0 ? head(0, value) : head(1, -1 - value));
    } else {
      parts.push(float64(value));
    }
  } else if (typeof value === "bigint") {
    if (value >= UINT64_LIMIT || value < -UINT64_LIMIT) throw new CborError(`${value} does not fit in 64 bits`);
    parts.push(value >= 0n ? head(0, value) : head(1, -1n - value));
  } else if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    parts.push(head(3, bytes.length), bytes);
  } else if (value instanceof Uint8Array) {
    parts.push(head(2, value.length), Buffer.from(value));
  } else if (value instanceof CborTag) {
    if (value.tag < 0 || value.tag >= UINT64_LIMIT) throw new CborError(`tag ${value.tag} has no encoding`);
    parts.push(head(6, value.tag));
    write(value.value, parts, indefinite);
  } else if (value instanceof CborSimple) {
    if (value.value >= 0 && value.value < 24) parts.push(Buffer.from([0xe0 | value.value]));
    else if (value.value >= 32 && value.value < 256) parts.push(Buffer.from([0xf8, value.value]));
    else throw new CborError(`simple value ${value.value} has no encoding`);
  } else if (Array.isArray(value)) {
    parts.push(indefinite ? Buffer.from([0x9f]) : head(4, value.length));
    for (const item of value) write(item, parts, indefinite);
    if (indefinite) parts.push(Buffer.from([0xff]));
  } else {
    const entries = Object.entries(value);
    parts.push(indefinite ? Buffer.from([0xbf]) : head(5, entries.length));
    for (const [key, member] of entries) {
      write(key, parts, indefinite);
      write(member, parts, indefinite);
    }
    if (indefinite) parts.push(Buffer.from([0xff]));
  }
}
