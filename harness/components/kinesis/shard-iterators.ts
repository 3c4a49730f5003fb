import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { KinesisError, invalidArgument } from "./errors.ts";
import { javaUtcDate } from "./java-date.ts";

/** A shard iterator is good for five minutes after GetShardIterator or GetRecords handed it out. */
export const ITERATOR_LIFETIME_MS = 300_000;

/** Where an iterator reads from: the records of one shard at (or after) a sequence number. */
export interface IteratorPosition {
  streamName: string;
  /** Tells a stream from a later one of the same name: an old stream's iterator does not read the new one. */
  streamCreatedMs: number;
  shardIndex: number;
  sequenceNumber: string;
  /** True: records after `sequenceNumber`; false: from it on. */
  after: boolean;
}

export interface ShardIterators {
  encode(position: IteratorPosition, nowMs: number): string;
  /** The position, or the error Kinesis gives for an iterator that is malformed or has expired. */
  decode(iterator: string, nowMs: number): IteratorPosition;
}

// Kinesis iterators are base64 of an 8-byte version header (0…01) and encrypted bytes; these look the same and
// are as opaque: the position inside is sealed with a key kept beside the streams, so they outlive a restart.
const HEADER = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);
const IV_BYTES = 16;

const invalidIterator = (): KinesisError => invalidArgument("Invalid ShardIterator.");

export function shardIterators(key: Buffer): ShardIterators {
  return {
    encode(position, nowMs) {
      const fields = [
        Math.floor(nowMs),
        position.streamCreatedMs,
        position.shardIndex,
        position.after ? 1 : 0,
        position.sequenceNumber,
        position.streamName,
      ];
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-cbc", key, iv);
      const sealed = Buffer.concat([cipher.update(fields.join("/"), "utf8"), cipher.final()]);
      return Buffer.concat([HEADER, iv, sealed]).toString("base64");
    },

    decode(iterator, nowMs) {
      const bytes = Buffer.from(iterator, "base64");
      if (bytes.toString("base64") !== iterator || bytes.length < HEADER.length + IV_BYTES + 16) {
        throw invalidIterator();
      }
      if (!bytes.subarray(0, HEADER.length).equals(HEADER)) throw invalidIterator();
      let text: string;
      try {
        const iv = bytes.subarray(HEADER.length, HEADER.length + IV_BYTES);
        const decipher = createDecipheriv("aes-256-cbc", key, iv);
        text = Buffer.concat([decipher.update(bytes.subarray(HEADER.length + IV_BYTES)), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw invalidIterator();
      }
      const match = /^(\d+)\/(\d+)\/(\d+)\/([01])\/(\d+)\/([a-zA-Z0-9_.-]{1,128})$/.exec(text);
      if (!match) throw invalidIterator();
      const createdMs = Number(match[1]);
      if (createdMs > nowMs) throw invalidIterator();
      if (nowMs - createdMs > ITERATOR_LIFETIME_MS) {
        throw new KinesisError(
          "ExpiredIteratorException",
          `Iterator expired. The iterator was created at time ${javaUtcDate(createdMs)} while right now it is ` +
            `${javaUtcDate(nowMs)} which is further in the future than the tolerated delay of ` +
            `${ITERATOR_LIFETIME_MS} milliseconds.`,
        );
      }
      return {
        streamCreatedMs: Number(match[2]),
        shardIndex: Number(match[3]),
        after: match[4] === "1",
        sequenceNumber: match[5] as string,
        streamName: match[6] as string,
      };
    },
  };
}
