import { describe, expect, it } from "vitest";
import { acknowledgements } from "../../../harness/check/acks.ts";
import { checkDelivery } from "../../../harness/check/delivery.ts";
import type { LogRecord } from "../../../harness/check/kafka-log.ts";
import type { SinkObject } from "../../../harness/check/types.ts";
import { sinkObject } from "./sink-objects.ts";
import type { JournalEntry } from "../../../harness/components/gateway/journal.ts";

const TOPIC = "u.pin";

function produce(status: number, values: unknown[], answer: unknown, id = "r1"): JournalEntry {
  return {
    time: "2026-01-01T00:00:00Z",
    requestId: id,
    method: "POST",
    url: `/prod/topics/${TOPIC}`,
    status,
    request: {
      headers: [],
      body: { bytes: 0, text: JSON.stringify({ records: values.map((value) => ({ value })) }), truncated: false },
    },
    response: { headers: [], body: { bytes: 0, text: JSON.stringify(answer), truncated: false } },
  } as unknown as JournalEntry;
}

const ok = (offset: number) => ({ partition: 0, offset, error_code: null, error: null });

describe("acknowledgements from the gateway journal", () => {
  it("pairs each sent record with its answer, and keeps refusals apart", () => {
    const journal = [
      produce(200, [{ index: 1 }, { index: 2 }], {
        offsets: [
          ok(0),
          {
            partition: null,
            offset: null,
            error_code: 50003,
            error: "Topic u.pin not present in metadata after 60000 ms.",
          },
        ],
      }),
      produce(415, [{ index: 3 }], { error_code: 415, message: "HTTP 415 Unsupported Media Type" }, "r2"),
      { ...produce(200, [{}], { offsets: [ok(9)] }), url: "/prod/topics/other.pin" },
    ];
    const { acks, refusals } = acknowledgements(journal, [TOPIC]);
    expect(acks).toEqual([
      expect.objectContaining({ topic: TOPIC, partition: 0, offset: 0, value: { index: 1 }, requestId: "r1" }),
    ]);
    expect(refusals.map((r) => [r.status, r.errorCode, r.message])).toEqual([
      [200, 50003, "Topic u.pin not present in metadata after 60000 ms."],
      [415, 415, "HTTP 415 Unsupported Media Type"],
    ]);
  });
});

const record = (offset: number, value: unknown): LogRecord => ({
  partition: 0,
  offset,
  key: null,
  value: Buffer.from(JSON.stringify(value)),
  timestamp: 0,
});

const object = (startOffset: number, lines: string[]): SinkObject => sinkObject(TOPIC, startOffset, lines);

const line = (r: LogRecord): string => r.value?.toString("utf8") ?? "null";
const ack = (offset: number, value: unknown) => ({
  topic: TOPIC,
  partition: 0,
  offset,
  value,
  requestId: "r",
  time: "",
  latencyMs: 0,
});

describe("delivery from client to S3", () => {
  const log = [record(0, { a: 1 }), record(1, { a: 2 }), record(2, { a: 3 })];

  it("passes when every acknowledged record is in Kafka and in S3 with the sink's bytes", () => {
    const objects = [object(0, ['{"a":1}']), object(1, ['{"a":2}']), object(2, ['{"a":3}'])];
    const result = checkDelivery({
      objects,
      log,
      acks: [ack(0, { a: 1 }), ack(2, { a: 3 })],
      flushSize: 1,
      expectedLine: line,
    });
    expect(result).toEqual({ findings: [], pending: 0 });
  });

  it("finds a record missing from S3, a changed value, different bytes and an acknowledgement Kafka lacks", () => {
    const objects = [object(0, ['{"a": 1}']), object(2, ['{"a":3}'])];
    const codes = checkDelivery({
      objects,
      log,
      acks: [ack(0, { a: 9 }), ack(7, {})],
      flushSize: 1,
      expectedLine: line,
    }).findings.map((f) => f.code);
    expect(codes.sort()).toEqual(["ACK_NOT_IN_KAFKA", "BYTES_DIFFER", "MISSING_IN_S3", "VALUE_CHANGED"]);
  });

  it("counts trailing records under flush.size as pending, not missing", () => {
    const result = checkDelivery({
      objects: [object(0, ['{"a":1}', '{"a":2}'])],
      log,
      acks: [],
      flushSize: 2,
      expectedLine: line,
    });
    expect(result).toEqual({ findings: [], pending: 1 });
  });

  it("names a record stored twice by a retried produce (unacknowledged, same key and value), as a warning", () => {
    const retried = [record(0, { a: 1 }), record(1, { a: 2 }), record(2, { a: 2 }), record(3, { a: 3 })];
    const objects = retried.map((r) => object(r.offset, [line(r)]));
    const findings = checkDelivery({
      objects,
      log: retried,
      acks: [ack(0, { a: 1 }), ack(2, { a: 2 }), ack(3, { a: 3 })],
      flushSize: 1,
      expectedLine: line,
    }).findings;
    expect(findings).toEqual([
      expect.objectContaining({ code: "PRODUCER_DUPLICATE", severity: "warning", where: "offset 1" }),
    ]);
    expect(findings[0]?.message).toContain("offset 2");
    // A row sent twice on purpose is acknowledged twice: no finding.
    const resent = checkDelivery({
      objects,
      log: retried,
      acks: retried.map((r) => ack(r.offset, JSON.parse(line(r)))),
      flushSize: 1,
    });
    expect(resent.findings).toEqual([]);
  });

  it("finds lines in S3 that were never in Kafka", () => {
    const findings = checkDelivery({ objects: [object(5, ["{}"])], log: [], acks: [] }).findings;
    expect(findings.map((f) => f.code)).toEqual(["NOT_IN_KAFKA"]);
  });
});
