import { PayloadReader, u16 } from "./packets.ts";

export const OK_HEADER = 0x00;
export const EOF_HEADER = 0xfe;
export const ERR_HEADER = 0xff;
export const LOCAL_INFILE_HEADER = 0xfb;

/** MariaDB reports progress of long statements as ERR packets with this code; they are not errors. */
export const PROGRESS_ERROR_CODE = 0xffff;

/** Server error codes the endpoint answers with itself (the client library knows them by number). */
export const ServerError = {
  /** ER_HANDSHAKE_ERROR: what a server says to a client it cannot talk to. */
  HandshakeError: { code: 1043, sqlState: "08S01" },
  /** ER_UNKNOWN_ERROR: for failures that are the endpoint's own, such as an unreachable server. */
  Unknown: { code: 1105, sqlState: "HY000" },
} as const;

export interface ErrPacket {
  code: number;
  sqlState?: string;
  message: string;
}

export function buildErr(error: ErrPacket, protocol41 = true): Buffer {
  const head = Buffer.concat([Buffer.from([ERR_HEADER]), u16(error.code)]);
  // Clients older than 4.1 read the message straight after the code.
  const state = protocol41 ? Buffer.from(`#${(error.sqlState ?? "HY000").padEnd(5, "0").slice(0, 5)}`, "latin1") : null;
  return Buffer.concat(state ? [head, state, Buffer.from(error.message)] : [head, Buffer.from(error.message)]);
}

export function parseErr(payload: Buffer): ErrPacket {
  const reader = new PayloadReader(payload, 1);
  const code = reader.u16();
  if (code !== PROGRESS_ERROR_CODE && payload[3] === 0x23 /* # */ && reader.remaining >= 6) {
    reader.bytes(1);
    const sqlState = reader.bytes(5).toString("latin1");
    return { code, sqlState, message: reader.rest().toString("utf8") };
  }
  return { code, message: reader.rest().toString("utf8") };
}

/** Status flags of an OK packet (header 0x00, or 0xFE where it ends a result set under CLIENT_DEPRECATE_EOF). */
export function okStatus(payload: Buffer): number {
  const reader = new PayloadReader(payload, 1);
  reader.lenencInt();
  reader.lenencInt();
  return reader.u16();
}

/** Status flags of a classic EOF packet: 0xFE, warnings, status. */
export function eofStatus(payload: Buffer): number {
  return new PayloadReader(payload, 3).u16();
}
