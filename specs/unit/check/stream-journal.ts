import type { JournalEntry } from "../../../harness/components/gateway/journal.ts";
import type { StreamAck } from "../../../harness/check/stream-acks.ts";

/** A journalled call to the Kinesis proxy API's PUT /streams/{stream-name}/record, as the gateway writes it. */
export function streamPutEntry(options: {
  stream: string;
  body: string;
  answer: unknown;
  status?: number;
  requestId?: string;
  time?: string;
  latencyMs?: number;
  contentType?: string;
  resource?: "record" | "records";
}): JournalEntry {
  const resource = options.resource ?? "record";
  return {
    time: options.time ?? "2026-01-01T00:00:00.000Z",
    requestId: options.requestId ?? "req-1",
    extendedRequestId: "ext",
    sourceIp: "127.0.0.1",
    method: "PUT",
    url: `/prod/streams/${options.stream}/${resource}`,
    stage: "prod",
    resourcePath: `/streams/{stream-name}/${resource}`,
    status: options.status ?? 200,
    latencyMs: options.latencyMs ?? 5,
    request: {
      headers: [["Content-Type", options.contentType ?? "application/json"]],
      body: { bytes: Buffer.byteLength(options.body), text: options.body, truncated: false },
    },
    response: {
      headers: [["Content-Type", "application/json"]],
      body: { bytes: 0, text: JSON.stringify(options.answer), truncated: false },
    },
    integration: null,
    error: null,
  };
}

/** A sequence number of Kinesis's 56-digit form, distinct per `n`. */
export const sequence = (n: number): string => `4968${String(n).padStart(52, "0")}`;

/** An acknowledgement as streamAcknowledgements gives it. */
export function streamAck(
  n: number,
  options: { partitionKey?: string; data?: string; time?: string; latencyMs?: number; requestId?: string } = {},
): StreamAck {
  return {
    stream: "streaming-u-pin",
    shardId: "shardId-000000000000",
    sequenceNumber: sequence(n),
    sent: { partitionKey: options.partitionKey ?? "p", data: Buffer.from(options.data ?? `{"index":${n}}`) },
    requestId: options.requestId ?? `req-${n}`,
    time: options.time ?? `2026-01-01T00:00:0${n}.000Z`,
    latencyMs: options.latencyMs ?? 5,
  };
}
