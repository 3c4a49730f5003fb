import { MAX_PAYLOAD } from "./packets.ts";

/** A logical packet as the observer sees it: its full length, but only its first bytes. */
export interface ScannedPacket {
  sequenceId: number;
  /** Of the last physical packet: a logical packet over 16 MiB spans several. */
  lastSequenceId: number;
  length: number;
  /** Up to the scanner's limit: enough to classify the packet without holding a large row in memory. */
  head: Buffer;
}

interface Pending {
  sequenceId: number;
  lastSequenceId: number;
  length: number;
  parts: Buffer[];
  kept: number;
}

/**
 * Finds packet boundaries in a byte stream that arrives in arbitrary chunks, without copying more than `limit`
 * bytes of each packet: the relay has already forwarded the chunk, this only looks at it.
 */
export class PacketScanner {
  private readonly header = Buffer.alloc(4);
  private headerFill = 0;
  /** Body bytes still to come in the current physical packet. */
  private remaining = 0;
  private physicalLength = 0;
  private pending: Pending | undefined;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): ScannedPacket[] {
    const out: ScannedPacket[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.headerFill < 4) {
        const n = Math.min(4 - this.headerFill, chunk.length - i);
        chunk.copy(this.header, this.headerFill, i, i + n);
        this.headerFill += n;
        i += n;
        if (this.headerFill === 4) this.startPhysical(out);
        continue;
      }
      const n = Math.min(this.remaining, chunk.length - i);
      const pending = this.pending as Pending;
      const keep = Math.min(n, this.limit - pending.kept);
      if (keep > 0) {
        pending.parts.push(chunk.subarray(i, i + keep));
        pending.kept += keep;
      }
      pending.length += n;
      this.remaining -= n;
      i += n;
      if (this.remaining === 0) this.endPhysical(out);
    }
    return out;
  }

  private startPhysical(out: ScannedPacket[]): void {
    this.physicalLength = this.header.readUIntLE(0, 3);
    const sequenceId = this.header[3] as number;
    this.remaining = this.physicalLength;
    if (this.pending) this.pending.lastSequenceId = sequenceId;
    else this.pending = { sequenceId, lastSequenceId: sequenceId, length: 0, parts: [], kept: 0 };
    if (this.remaining === 0) this.endPhysical(out);
  }

  private endPhysical(out: ScannedPacket[]): void {
    this.headerFill = 0;
    if (this.physicalLength === MAX_PAYLOAD) return;
    const pending = this.pending as Pending;
    this.pending = undefined;
    const head = pending.parts.length === 1 ? (pending.parts[0] as Buffer) : Buffer.concat(pending.parts);
    out.push({
      sequenceId: pending.sequenceId,
      lastSequenceId: pending.lastSequenceId,
      length: pending.length,
      head,
    });
  }
}
