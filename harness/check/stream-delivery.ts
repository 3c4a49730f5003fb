import { isUtf8 } from "node:buffer";
import { finding, FindingCode } from "./finding-codes.ts";
import type { StreamAck } from "./stream-acks.ts";
import type { StreamRecord } from "./stream-read.ts";
import type { Finding } from "./types.ts";

export interface ShardDeliveryInput {
  /** The acknowledgements that name this shard. */
  acks: readonly StreamAck[];
  /** The shard's records as read back, in the shard's order. */
  records: readonly StreamRecord[];
}

export interface ShardDelivery {
  findings: Finding[];
  /** Each acknowledged record that is in the shard, with the record read back (the first, if read twice). */
  found: Array<{ ack: StreamAck; record: StreamRecord }>;
}

/**
 * How much earlier than the next call's arrival an answer must have been given for the two to count as one after
 * the other: the journal's times are whole milliseconds and its latencies rounded, so closer calls may have
 * overlapped, and Kinesis may then store them either way round.
 */
export const ORDER_MARGIN_MS = 2;

const arrivedMs = (ack: StreamAck): number => Date.parse(ack.time);
const answeredMs = (ack: StreamAck): number => Date.parse(ack.time) + ack.latencyMs;

/** Bytes as text when they are UTF-8, else as base64, for a reader to compare. */
export function shownBytes(data: Buffer): string {
  return isUtf8(data) ? data.toString("utf8") : `base64:${data.toString("base64")}`;
}

const sameRecord = (partitionKey: string, data: Buffer): string => `${partitionKey} ${data.toString("base64")}`;

function bytesFindings(ack: StreamAck, record: StreamRecord): Finding[] {
  const where = `sequence number ${ack.sequenceNumber}`;
  if (!ack.sent) return [];
  const findings: Finding[] = [];
  if (!record.data.equals(ack.sent.data)) {
    findings.push(
      finding(FindingCode.StreamBytesDiffer, {
        message: `the record's data is not what the gateway sent Kinesis for request ${ack.requestId}`,
        where,
        expected: shownBytes(ack.sent.data),
        actual: shownBytes(record.data),
      }),
    );
  }
  if (record.partitionKey !== ack.sent.partitionKey) {
    findings.push(
      finding(FindingCode.StreamBytesDiffer, {
        message: `the record's partition key is not the one the gateway sent Kinesis for request ${ack.requestId}`,
        where,
        expected: ack.sent.partitionKey,
        actual: record.partitionKey,
      }),
    );
  }
  return findings;
}

/**
 * Records of one partition key must be in the order their calls were answered: where one call was answered
 * before another reached the gateway, its record comes first. Calls that overlapped may go either way.
 */
function orderFindings(found: ShardDelivery["found"]): Finding[] {
  const findings: Finding[] = [];
  const latestByKey = new Map<string, StreamAck>();
  for (const { ack, record } of found) {
    const latest = latestByKey.get(record.partitionKey);
    if (latest && answeredMs(ack) + ORDER_MARGIN_MS <= arrivedMs(latest)) {
      findings.push(
        finding(FindingCode.StreamOutOfOrder, {
          message:
            `request ${ack.requestId} was told its record was stored before request ${latest.requestId} reached the ` +
            `gateway, yet that one's record (sequence number ${latest.sequenceNumber}) comes first for partition key ` +
            `${JSON.stringify(record.partitionKey)}`,
          where: `sequence number ${ack.sequenceNumber}`,
        }),
      );
    }
    if (!latest || arrivedMs(ack) > arrivedMs(latest)) latestByKey.set(record.partitionKey, ack);
  }
  return findings;
}

/**
 * Follows every record a client was told was stored in one shard to the shard as a consumer reads it: there
 * exactly once, in order per partition key, with the data and partition key the gateway sent.
 */
export function checkShardDelivery(input: ShardDeliveryInput): ShardDelivery {
  const findings: Finding[] = [];
  const positions = new Map<string, number[]>();
  input.records.forEach((record, i) => {
    const at = positions.get(record.sequenceNumber);
    if (at) at.push(i);
    else positions.set(record.sequenceNumber, [i]);
  });

  const found: Array<ShardDelivery["found"][number] & { position: number }> = [];
  for (const ack of input.acks) {
    const where = `sequence number ${ack.sequenceNumber}`;
    const at = positions.get(ack.sequenceNumber) ?? [];
    const first = at[0];
    if (first === undefined) {
      findings.push(
        finding(FindingCode.AckNotInStream, {
          message: `acknowledged to the client (request ${ack.requestId}) but not in the shard`,
          where,
        }),
      );
      continue;
    }
    if (at.length > 1) {
      findings.push(
        finding(FindingCode.StreamDuplicate, {
          message: `read ${at.length} times from the shard (request ${ack.requestId})`,
          where,
        }),
      );
    }
    const record = input.records[first] as StreamRecord;
    findings.push(...bytesFindings(ack, record));
    found.push({ ack, record, position: first });
  }
  found.sort((a, b) => a.position - b.position);

  // A copy no answer named: a call that failed (or timed out) at the client after Kinesis stored it, sent again.
  // Kinesis stores such a retry too, so it is a warning, as PRODUCER_DUPLICATE is on the Kafka half.
  const acked = new Set(input.acks.map((ack) => ack.sequenceNumber));
  const ackedRecords = new Map(found.map(({ ack, record }) => [sameRecord(record.partitionKey, record.data), ack]));
  for (const record of input.records) {
    const twin = acked.has(record.sequenceNumber)
      ? undefined
      : ackedRecords.get(sameRecord(record.partitionKey, record.data));
    if (!twin) continue;
    findings.push(
      finding(FindingCode.StreamRetryDuplicate, {
        message:
          `the same partition key and data as sequence number ${twin.sequenceNumber}, which request ` +
          `${twin.requestId} was told: the record was stored twice`,
        where: `sequence number ${record.sequenceNumber}`,
      }),
    );
  }

  findings.push(...orderFindings(found));
  return { findings, found: found.map(({ ack, record }) => ({ ack, record })) };
}
