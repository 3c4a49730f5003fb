import { ErrorCode, PinpipeError } from "../../../errors.ts";

/** A payload of exactly this size means the logical packet goes on in the next one. */
export const MAX_PAYLOAD = 0xffffff;

export interface Packet {
  sequenceId: number;
  payload: Buffer;
}

/** A packet that breaks the protocol; the connection that sent it is closed, nothing else is affected. */
export function protocolError(message: string): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, `mysql protocol: ${message}`, {
    context: { component: "rds" },
  });
}

/** Frames a payload as one or more packets, numbering them from `sequenceId`. */
export function frame(sequenceId: number, payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  let seq = sequenceId;
  let offset = 0;
  for (;;) {
    const size = Math.min(MAX_PAYLOAD, payload.length - offset);
    const header = Buffer.alloc(4);
    header.writeUIntLE(size, 0, 3);
    header[3] = seq & 0xff;
    parts.push(header, payload.subarray(offset, offset + size));
    offset += size;
    seq += 1;
    // A payload that fills the last packet exactly needs an empty one to say it has ended.
    if (size < MAX_PAYLOAD) break;
  }
  return Buffer.concat(parts);
}

/**
 * Collects socket chunks and hands out whole logical packets, consuming exactly their bytes, so that what
 * follows them can be taken back raw once the handshake is over.
 */
export class PacketReader {
  private chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  get buffered(): number {
    return this.size;
  }

  next(): Packet | undefined {
    const lengths: number[] = [];
    let offset = 0;
    let sequenceId = 0;
    for (;;) {
      if (this.size < offset + 4) return undefined;
      const header = this.peek(offset, 4);
      const length = header.readUIntLE(0, 3);
      if (lengths.length === 0) sequenceId = header[3] as number;
      if (this.size < offset + 4 + length) return undefined;
      lengths.push(length);
      offset += 4 + length;
      if (length < MAX_PAYLOAD) break;
    }
    const parts = lengths.map((length) => {
      this.take(4);
      return this.take(length);
    });
    return { sequenceId, payload: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts) };
  }

  /** Everything not yet handed out, as received. */
  rest(): Buffer {
    const rest = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return rest;
  }

  private peek(offset: number, length: number): Buffer {
    const out = Buffer.alloc(length);
    let filled = 0;
    let skip = offset;
    for (const chunk of this.chunks) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      filled += chunk.copy(out, filled, skip, Math.min(chunk.length, skip + length - filled));
      skip = 0;
      if (filled === length) break;
    }
    return out;
  }

  private take(length: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= length) {
      const out = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
      this.size -= length;
      return out;
    }
    const out = this.peek(0, length);
    let left = length;
    while (left > 0) {
      const chunk = this.chunks[0] as Buffer;
      if (chunk.length <= left) {
        left -= chunk.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = chunk.subarray(left);
        left = 0;
      }
    }
    this.size -= length;
    return out;
  }
}

/** Reads the protocol's field types from a payload; running past its end is a protocol error. */
export class PayloadReader {
  offset: number;

  constructor(
    readonly payload: Buffer,
    offset = 0,
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.payload.length - this.offset;
  }

  u8(): number {
    return this.bytes(1)[0] as number;
  }

  u16(): number {
    return this.bytes(2).readUInt16LE(0);
  }

  u32(): number {
    return this.bytes(4).readUInt32LE(0);
  }

  bytes(length: number): Buffer {
    if (length > this.remaining) throw protocolError(`packet ends ${length - this.remaining} bytes early`);
    const out = this.payload.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** A length-encoded integer; null for the 0xFB that stands for NULL in rows. */
  lenencInt(): number | null {
    const first = this.u8();
    if (first < 0xfb) return first;
    if (first === 0xfb) return null;
    if (first === 0xfc) return this.u16();
    if (first === 0xfd) return this.bytes(3).readUIntLE(0, 3);
    if (first === 0xfe) {
      const value = this.bytes(8).readBigUInt64LE(0);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw protocolError("length-encoded integer too large");
      return Number(value);
    }
    throw protocolError("0xFF is not a length-encoded integer");
  }

  lenencBytes(): Buffer {
    const length = this.lenencInt();
    if (length === null) throw protocolError("NULL where a string was expected");
    return this.bytes(length);
  }

  /** A NUL-terminated string, without its NUL. */
  nulBytes(): Buffer {
    const end = this.payload.indexOf(0, this.offset);
    if (end < 0) throw protocolError("string without its terminating NUL");
    const out = this.payload.subarray(this.offset, end);
    this.offset = end + 1;
    return out;
  }

  /** A NUL-terminated string whose NUL may be missing at the very end of the packet (seen in the wild). */
  nulOrEofBytes(): Buffer {
    const end = this.payload.indexOf(0, this.offset);
    const stop = end < 0 ? this.payload.length : end;
    const out = this.payload.subarray(this.offset, stop);
    this.offset = end < 0 ? stop : end + 1;
    return out;
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }
}

export function lenencInt(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw protocolError(`cannot length-encode ${value}`);
  if (value < 0xfb) return Buffer.from([value]);
  if (value <= 0xffff) {
    const out = Buffer.alloc(3);
    out[0] = 0xfc;
    out.writeUInt16LE(value, 1);
    return out;
  }
  if (value <= 0xffffff) {
    const out = Buffer.alloc(4);
    out[0] = 0xfd;
    out.writeUIntLE(value, 1, 3);
    return out;
  }
  const out = Buffer.alloc(9);
  out[0] = 0xfe;
  out.writeBigUInt64LE(BigInt(value), 1);
  return out;
}

export function lenencBytes(value: Buffer): Buffer {
  return Buffer.concat([lenencInt(value.length), value]);
}

export function u16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16LE(value, 0);
  return out;
}

export function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value >>> 0, 0);
  return out;
}

export function nul(value: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(value), Buffer.from([0])]);
}
