import { isDeepStrictEqual } from "node:util";
import type { Ack } from "./acks.ts";
import type { LogRecord } from "./kafka-log.ts";
import { finding, FindingCode } from "./finding-codes.ts";
import type { Finding, SinkObject } from "./types.ts";

export interface DeliveryInput {
  objects: readonly SinkObject[];
  log: readonly LogRecord[];
  acks: readonly Ack[];
  /** The connector's flush.size: up to flush.size - 1 trailing records may still wait in the sink's buffer. */
  flushSize?: number;
  /** The line the sink must write for a record, byte for byte; no byte check without it. */
  /** The line the real sink writes for a record; `undefined` where it writes none (the task would fail). */
  expectedLine?: (record: LogRecord) => string | undefined;
}

export interface DeliveryResult {
  findings: Finding[];
  /** Records still in the sink's buffer (fewer than flush.size, after the last object). */
  pending: number;
}

function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 20);
  return `at character ${i}: expected …${expected.slice(from, i + 40)}… got …${actual.slice(from, i + 40)}…`;
}

function parseValue(value: Buffer | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value.toString("utf8"));
  } catch {
    return value.toString("utf8");
  }
}

function sameRecord(record: LogRecord): string {
  return `${record.key?.toString("base64") ?? "-"} ${record.value?.toString("base64") ?? "-"}`;
}

/**
 * Records no answer named that have the key and value of one an answer did name. The real REST proxy's producer
 * is not idempotent: a produce request that timed out is sent again, and Kafka keeps both copies, only one of
 * which the client was told about. Kafka and S3 hold both, as on AWS; the report names them.
 */
function producerDuplicates(log: readonly LogRecord[], acks: readonly Ack[]): Finding[] {
  const byOffset = new Map(log.map((r) => [r.offset, r]));
  const ackedOffsets = new Set(acks.map((a) => a.offset));
  const acked = new Map<string, Ack>();
  for (const ack of acks) {
    const record = byOffset.get(ack.offset);
    if (record) acked.set(sameRecord(record), ack);
  }
  return log.flatMap((record) => {
    const twin = ackedOffsets.has(record.offset) ? undefined : acked.get(sameRecord(record));
    if (!twin) return [];
    return [
      finding(FindingCode.ProducerDuplicate, {
        message:
          `the same key and value as offset ${twin.offset}, which request ${twin.requestId} was told: ` +
          "a produce that timed out was sent again, and both copies were stored",
        where: `offset ${record.offset}`,
      }),
    ];
  });
}

/**
 * Follows every record from what the client was told (acks) through the Kafka log to the S3 objects of one
 * partition: nothing acknowledged may be missing or changed, and every line must be the sink's bytes.
 */
export function checkDelivery(input: DeliveryInput): DeliveryResult {
  const findings: Finding[] = [];
  const logByOffset = new Map(input.log.map((r) => [r.offset, r]));
  const lineByOffset = new Map<number, { line: string; key: string }>();
  for (const object of input.objects) {
    object.lines.forEach((line, i) => lineByOffset.set(object.startOffset + i, { line, key: object.key }));
  }

  for (const ack of input.acks) {
    const record = logByOffset.get(ack.offset);
    if (!record) {
      findings.push(
        finding(FindingCode.AckNotInKafka, {
          message: `acknowledged to the client (request ${ack.requestId}) but not in the Kafka log`,
          where: `offset ${ack.offset}`,
        }),
      );
    } else if (ack.value !== undefined && !isDeepStrictEqual(parseValue(record.value), ack.value)) {
      findings.push(
        finding(FindingCode.ValueChanged, {
          message: `the Kafka record is not the value the client sent (request ${ack.requestId})`,
          where: `offset ${ack.offset}`,
          expected: JSON.stringify(ack.value),
          actual: record.value?.toString("utf8") ?? "null",
        }),
      );
    }
  }

  findings.push(...producerDuplicates(input.log, input.acks));

  const lastWritten = Math.max(-1, ...[...lineByOffset.keys()]);
  const unwritten = input.log.filter((r) => r.offset > lastWritten);
  const pending = input.flushSize !== undefined && unwritten.length < input.flushSize ? unwritten.length : 0;
  for (const record of input.log) {
    const written = lineByOffset.get(record.offset);
    if (!written) {
      if (record.offset > lastWritten && pending > 0) continue;
      findings.push(
        finding(FindingCode.MissingInS3, {
          message: "in the Kafka log but in no S3 object",
          where: `offset ${record.offset}`,
        }),
      );
    } else if (input.expectedLine) {
      const expected = input.expectedLine(record);
      if (expected !== undefined && expected !== written.line) {
        findings.push(
          finding(FindingCode.BytesDiffer, {
            message: `offset ${record.offset} is not what the S3 sink writes, ${firstDifference(expected, written.line)}`,
            where: written.key,
            expected,
            actual: written.line,
          }),
        );
      }
    }
  }
  for (const [offset, written] of lineByOffset) {
    if (!logByOffset.has(offset)) {
      findings.push(
        finding(FindingCode.NotInKafka, {
          message: `offset ${offset} is in S3 but not in the Kafka log`,
          where: written.key,
        }),
      );
    }
  }
  return { findings, pending };
}
