/**
 * The data items of CBOR (RFC 8949) as the decoder gives them and the encoder takes them. Integers beyond 2^53 are
 * bigints so that none is silently rounded; byte strings are Buffers; a map's keys are its text strings.
 */
export type CborValue =
  number | bigint | string | boolean | null | undefined | Uint8Array | CborTag | CborSimple | CborValue[] | CborMap;

export interface CborMap {
  [key: string]: CborValue;
}

/** A tagged item (major type 6): the tag number and its content, which the decoder leaves to its reader to read. */
export class CborTag {
  constructor(
    readonly tag: number | bigint,
    readonly value: CborValue,
  ) {}
}

/** A simple value (major type 7) other than false, true, null and undefined: unassigned, so kept as its number. */
export class CborSimple {
  constructor(readonly value: number) {}
}

/** Input that is not well-formed CBOR, or a value the encoder cannot write; `offset` is where the decoder stopped. */
export class CborError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = "CborError";
  }
}

/** The tag of an epoch-based date/time (RFC 8949 section 3.4.2). */
export const EPOCH_TAG = 1;
/** The self-described CBOR tag (section 3.4.6): a marker that changes nothing about the item it wraps. */
export const SELF_DESCRIBED_TAG = 55799;
