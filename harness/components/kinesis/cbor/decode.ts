import { CborError, CborSimple, CborTag, type CborMap, type CborValue } from "./types.ts";

/** Deeper nesting is refused: no Kinesis request comes near it, and it keeps a hostile body off the stack. */
const MAX_DEPTH = 64;
const BREAK = 0xff;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes exactly one CBOR data item that fills `bytes`: definite and indefinite lengths (strings in chunks too),
 * every major type, 16-, 32- and 64-bit floats. Anything not well-formed (RFC 8949 appendix C), invalid UTF-8, a
 * map key that is not a text string, or bytes after the item throws a CborError.
 */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const reader = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const value = reader.item(0);
  if (reader.at !== reader.bytes.length) throw new CborError("bytes after the data item", reader.at);
  return value;
}

class Reader {
  at = 0;

  constructor(readonly bytes: Buffer) {}

  private fail(message: string, at = this.at): never {
    throw new CborError(message, at);
  }

  private need(count: number): void {
    if (this.bytes.length - this.at < count) this.fail("the input ends inside a data item");
  }

  /** The argument of a head (its additional information and the bytes after it), or undefined for "indefinite". */
  private argument(info: number): number | bigint | undefined {
    if (info < 24) return info;
    const start = this.at;
    switch (info) {
      case 24:
        this.need(1);
        return this.bytes[this.at++] as number;
      case 25:
        this.need(2);
        this.at += 2;
        return this.bytes.readUInt16BE(start);
      case 26:
        this.need(4);
        this.at += 4;
        return this.bytes.readUInt32BE(start);
      case 27: {
        this.need(8);
        this.at += 8;
        const big = this.bytes.readBigUInt64BE(start);
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      case 31:
        return undefined;
      default:
        return this.fail(`reserved additional information ${info}`, start - 1);
    }
  }

  /** A length: no definite length can be longer than the bytes left, so a larger one is cut-off input. */
  private length(value: number | bigint): number {
    if (typeof value === "bigint" || value > this.bytes.length - this.at) {
      this.fail("the input ends inside a data item");
    }
    return value;
  }

  item(depth: number): CborValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.need(1);
    const head = this.at;
    const initial = this.bytes[this.at++] as number;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.simpleOrFloat(info, head);
    const argument = this.argument(info);
    if (argument === undefined && (major < 2 || major > 5)) this.fail(`indefinite length on major type ${major}`, head);
    switch (major) {
      case 0:
        return argument as number | bigint;
      case 1:
        return typeof argument === "bigint" || (argument as number) >= Number.MAX_SAFE_INTEGER
          ? -1n - BigInt(argument as number | bigint)
          : -1 - (argument as number);
      case 2:
        return argument === undefined ? this.chunks(2) : this.take(this.length(argument));
      case 3:
        return this.text(argument === undefined ? this.chunks(3) : this.take(this.length(argument)), head);
      case 4:
        return this.array(argument, depth);
      case 5:
        return this.map(argument, depth);
      default:
        return new CborTag(argument as number | bigint, this.item(depth + 1));
    }
  }

  private take(count: number): Buffer {
    const slice = Buffer.from(this.bytes.subarray(this.at, this.at + count));
    this.at += count;
    return slice;
  }

  private text(bytes: Buffer, head: number): string {
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail("a text string that is not UTF-8", head);
    }
  }

  /** Whether the next byte is the break that ends an indefinite-length item (and steps over it if so). */
  private atBreak(): boolean {
    this.need(1);
    if (this.bytes[this.at] !== BREAK) return false;
    this.at += 1;
    return true;
  }

  /** An indefinite-length string: definite-length chunks of the same major type, up to a break. */
  private chunks(major: 2 | 3): Buffer {
    const parts: Buffer[] = [];
    while (!this.atBreak()) {
      const head = this.at;
      const initial = this.bytes[this.at++] as number;
      if (initial >> 5 !== major) this.fail(`a chunk of major type ${initial >> 5} in a string of type ${major}`, head);
      const argument = this.argument(initial & 0x1f);
      if (argument === undefined) this.fail("an indefinite-length chunk inside an indefinite-length string", head);
      const chunk = this.take(this.length(argument));
      // Each chunk of a text string is whole UTF-8 on its own (RFC 8949 section 3.2.3).
      if (major === 3) this.text(chunk, head);
      parts.push(chunk);
    }
    return Buffer.concat(parts);
  }

  private array(count: number | bigint | undefined, depth: number): CborValue[] {
    const items: CborValue[] = [];
    if (count === undefined) {
      while (!this.atBreak()) items.push(this.item(depth + 1));
      return items;
    }
    // Every item takes at least one byte.
    for (let left = this.length(count); left > 0; left--) items.push(this.item(depth + 1));
    return items;
  }

  private map(count: number | bigint | undefined, depth: number): CborMap {
    const entries: CborMap = {};
    const entry = (): void => {
      const at = this.at;
      const key = this.item(depth + 1);
      if (typeof key !== "string") this.fail("a map key that is not a text string", at);
      // defineProperty: a key such as "__proto__" is a member like any other, never the object's prototype.
      Object.defineProperty(entries, key, {
        value: this.item(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    };
    if (count === undefined) {
      while (!this.atBreak()) entry();
      return entries;
    }
    for (let left = this.length(count); left > 0; left--) entry();
    return entries;
  }

  private simpleOrFloat(info: number, head: number): CborValue {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 24: {
        this.need(1);
        const value = this.bytes[this.at++] as number;
        // Values below 32 have a one-byte form and must use it (RFC 8949 section 3.3).
        if (value < 32) this.fail(`simple value ${value} in two bytes`, head);
        return new CborSimple(value);
      }
      case 25:
        this.need(2);
        this.at += 2;
        return halfFloat(this.bytes.readUInt16BE(head + 1));
      case 26:
        this.need(4);
        this.at += 4;
        return this.bytes.readFloatBE(head + 1);
      case 27:
        this.need(8);
        this.at += 8;
        return this.bytes.readDoubleBE(head + 1);
      case 31:
        return this.fail("a break where a data item belongs", head);
      default:
        if (info < 20) return new CborSimple(info);
        return this.fail(`reserved additional information ${info}`, head);
    }
  }
}

/** IEEE 754 binary16, which Node's Buffer does not read (RFC 8949 appendix D). */
function halfFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
