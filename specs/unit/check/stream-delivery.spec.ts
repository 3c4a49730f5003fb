import { describe, expect, it } from "vitest";
import { checkShardDelivery, ORDER_MARGIN_MS } from "../../../harness/check/stream-delivery.ts";
import type { StreamRecord } from "../../../harness/check/stream-read.ts";
import { sequence, streamAck } from "./stream-journal.ts";

function stored(n: number, options: { partitionKey?: string; data?: string; sequenceOf?: number } = {}): StreamRecord {
  return {
    sequenceNumber: sequence(options.sequenceOf ?? n),
    partitionKey: options.partitionKey ?? "p",
    data: Buffer.from(options.data ?? `{"index":${n}}`),
  };
}

const codes = (findings: Array<{ code: string }>): string[] => findings.map((f) => f.code);

describe("one shard of a stream, followed from what clients were told", () => {
  it("finds nothing when every acknowledged record is there once, in order, with the bytes the gateway sent", () => {
    const acks = [streamAck(1), streamAck(2), streamAck(3)];
    const { findings, found } = checkShardDelivery({ acks, records: [stored(1), stored(2), stored(3)] });
    expect(findings).toEqual([]);
    expect(found.map((f) => f.ack.sequenceNumber)).toEqual([sequence(1), sequence(2), sequence(3)]);
  });

  it("names an acknowledged record that the shard does not hold", () => {
    const { findings, found } = checkShardDelivery({ acks: [streamAck(1), streamAck(2)], records: [stored(1)] });
    expect(findings).toEqual([
      expect.objectContaining({
        code: "ACK_NOT_IN_STREAM",
        severity: "error",
        where: `sequence number ${sequence(2)}`,
        message: expect.stringContaining("request req-2"),
      }),
    ]);
    expect(found).toHaveLength(1);
  });

  it("names a record read twice under its own sequence number", () => {
    const { findings } = checkShardDelivery({ acks: [streamAck(1)], records: [stored(1), stored(1)] });
    expect(findings).toEqual([
      expect.objectContaining({ code: "STREAM_DUPLICATE", message: expect.stringContaining("read 2 times") }),
    ]);
  });

  it("names a copy no answer named that repeats an acknowledged record's key and data", () => {
    const copy = stored(1, { sequenceOf: 9 });
    const { findings } = checkShardDelivery({ acks: [streamAck(1)], records: [stored(1), copy] });
    expect(findings).toEqual([
      expect.objectContaining({
        code: "STREAM_RETRY_DUPLICATE",
        severity: "warning",
        where: `sequence number ${sequence(9)}`,
        message: expect.stringContaining(`as sequence number ${sequence(1)}, which request req-1 was told`),
      }),
    ]);
  });

  it("leaves records no answer named alone when they repeat nothing acknowledged", () => {
    const { findings } = checkShardDelivery({ acks: [streamAck(1)], records: [stored(1), stored(7)] });
    expect(findings).toEqual([]);
  });

  it("names a record of one partition key stored ahead of one whose call was answered before it was sent", () => {
    // req-2 was answered at 00:00:02.005, long before req-3 arrived, yet req-3's record is first.
    const acks = [streamAck(2), streamAck(3)];
    const { findings } = checkShardDelivery({ acks, records: [stored(3), stored(2)] });
    expect(findings).toEqual([
      expect.objectContaining({
        code: "STREAM_OUT_OF_ORDER",
        where: `sequence number ${sequence(2)}`,
        message: expect.stringContaining(`before request req-3 reached the gateway`),
      }),
    ]);
  });

  it("accepts either order for calls that overlapped, and for different partition keys", () => {
    const first = streamAck(1, { time: "2026-01-01T00:00:00.000Z", latencyMs: 10 });
    const overlapping = streamAck(2, { time: "2026-01-01T00:00:00.008Z", latencyMs: 10 });
    expect(checkShardDelivery({ acks: [first, overlapping], records: [stored(2), stored(1)] }).findings).toEqual([]);

    // Answered just before the other arrived, but within the journal's rounding: not known to be one after the other.
    const close = streamAck(3, { time: `2026-01-01T00:00:00.0${10 + ORDER_MARGIN_MS - 1}Z` });
    expect(checkShardDelivery({ acks: [first, close], records: [stored(3), stored(1)] }).findings).toEqual([]);

    const otherKey = streamAck(4, { partitionKey: "q" });
    const records = [stored(4, { partitionKey: "q" }), stored(1)];
    expect(checkShardDelivery({ acks: [first, otherKey], records }).findings).toEqual([]);
  });

  it("compares the data and the partition key with what the mapping template sent, both shown", () => {
    const acks = [streamAck(1), streamAck(2, { partitionKey: "k" })];
    const records = [stored(1, { data: '{"index":1,"extra":true}' }), stored(2, { partitionKey: "other" })];
    const { findings } = checkShardDelivery({ acks, records });
    expect(findings).toEqual([
      expect.objectContaining({
        code: "STREAM_BYTES_DIFFER",
        expected: '{"index":1}',
        actual: '{"index":1,"extra":true}',
        where: `sequence number ${sequence(1)}`,
      }),
      expect.objectContaining({ code: "STREAM_BYTES_DIFFER", expected: "k", actual: "other" }),
    ]);
  });

  it("shows bytes that are not text as base64, and skips the comparison when the bytes sent are not known", () => {
    const binary = Buffer.from([0xff, 0x00]);
    const record: StreamRecord = { ...stored(1), data: binary };
    expect(checkShardDelivery({ acks: [streamAck(1)], records: [record] }).findings).toEqual([
      expect.objectContaining({ code: "STREAM_BYTES_DIFFER", actual: "base64:/wA=" }),
    ]);
    const unknown = { ...streamAck(1), sent: undefined };
    expect(codes(checkShardDelivery({ acks: [unknown], records: [record] }).findings)).toEqual([]);
  });
});
