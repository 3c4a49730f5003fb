/**
 * What an action answers, before it is written in the request's format: the JSON protocol writes a Timestamp as
 * epoch seconds and bytes as base64 text, the CBOR protocol writes them as a tagged epoch and a byte string.
 */
export type AnswerValue =
  string | number | boolean | null | Buffer | Timestamp | AnswerValue[] | { [key: string]: AnswerValue | undefined };

/** A point in time in an answer, to the millisecond. */
export class Timestamp {
  constructor(readonly millis: number) {}
}
