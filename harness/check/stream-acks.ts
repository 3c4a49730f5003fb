import type { JournalEntry } from "../components/gateway/journal.ts";
import type { Refusal } from "./acks.ts";
import { sentToKinesis, type PutAction, type SentRecord } from "./kinesis-request.ts";

/** One record a client was told Kinesis stored: the sequence number the gateway passed back. */
export interface StreamAck {
  stream: string;
  shardId: string;
  sequenceNumber: string;
  /** What the gateway asked Kinesis to store; undefined when the journal cannot tell (a cut body, say). */
  sent?: SentRecord;
  requestId: string;
  time: string;
  /** How long the gateway took to answer the call: the client was told at `time` plus this. */
  latencyMs: number;
}

/** The resources of the Kinesis proxy API that write, and the action behind each. */
const PUT_RESOURCES: Readonly<Record<string, PutAction>> = {
  "/streams/{stream-name}/record": "PutRecord",
  "/streams/{stream-name}/records": "PutRecords",
};

const STREAM_PATH = /^\/[^/]+\/streams\/(?<stream>[^/?]+)\//;

/** The stream and action of a call that reached the Kinesis proxy's write methods; undefined for any other. */
export function streamPut(entry: JournalEntry): { stream: string; action: PutAction } | undefined {
  const action = entry.method === "PUT" && entry.resourcePath !== null ? PUT_RESOURCES[entry.resourcePath] : undefined;
  const raw = action ? STREAM_PATH.exec(entry.url)?.groups?.stream : undefined;
  if (action === undefined || raw === undefined) return undefined;
  let stream = raw;
  try {
    stream = decodeURIComponent(raw);
  } catch {
    // Kept as sent: the gateway passes a segment it cannot decode through unchanged.
  }
  return { stream, action };
}

interface Answer {
  SequenceNumber?: unknown;
  ShardId?: unknown;
  ErrorCode?: unknown;
  ErrorMessage?: unknown;
  Records?: Answer[];
  __type?: unknown;
  message?: unknown;
  Message?: unknown;
}

function parse(text: string | undefined): Answer | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Answer) : undefined;
  } catch {
    return undefined;
  }
}

type Outcome = { shardId: string; sequenceNumber: string } | { error: string };

function outcomeOf(answer: Answer | undefined): Outcome {
  if (typeof answer?.SequenceNumber === "string" && typeof answer.ShardId === "string") {
    return { shardId: answer.ShardId, sequenceNumber: answer.SequenceNumber };
  }
  return { error: errorOf(answer) };
}

/** Kinesis's words for a failure: its exception name and message, as the JSON protocol spells them. */
function errorOf(answer: Answer | undefined): string {
  const type = answer?.ErrorCode ?? answer?.__type;
  const message = answer?.ErrorMessage ?? answer?.message ?? answer?.Message;
  return [type, message].filter((part) => typeof part === "string" && part !== "").join(": ");
}

/**
 * What each record of a write call came to. The course's integration response passes Kinesis's body through with
 * status 200 whatever it says, so an error is read from the body, not the status.
 */
function outcomes(entry: JournalEntry, action: PutAction): Outcome[] {
  const answer = parse(entry.response.body.text);
  if (entry.status !== 200) {
    return [{ error: entry.error?.message || errorOf(answer) || (entry.response.body.text ?? "").slice(0, 200) }];
  }
  if (action === "PutRecord") return [outcomeOf(answer)];
  return Array.isArray(answer?.Records) ? answer.Records.map(outcomeOf) : [outcomeOf(answer)];
}

export interface StreamAcknowledgements {
  acks: StreamAck[];
  /** Records or calls Kinesis or the gateway refused, by stream (`topic` holds the stream's name). */
  refusals: Refusal[];
}

/**
 * Reads the gateway journal for the streaming half: every record a PutRecord or PutRecords call through the
 * Kinesis proxy API was told was stored, and every one refused. With `sent: false` the records' bytes are not
 * worked out (counting, ten times a second, needs none).
 */
export function streamAcknowledgements(
  journal: readonly JournalEntry[],
  options: { sent?: boolean } = {},
): StreamAcknowledgements {
  const acks: StreamAck[] = [];
  const refusals: Refusal[] = [];
  for (const entry of journal) {
    const put = streamPut(entry);
    if (!put) continue;
    const base = { requestId: entry.requestId, time: entry.time, latencyMs: entry.latencyMs };
    const results = outcomes(entry, put.action);
    const sent = options.sent === false ? undefined : sentToKinesis(entry, put.action, put.stream);
    results.forEach((result, i) => {
      if ("error" in result) {
        refusals.push({
          ...base,
          topic: put.stream,
          call: `${entry.method} ${entry.url.split("?")[0]}`,
          status: entry.status,
          errorCode: null,
          message: result.error,
        });
        return;
      }
      const record = sent?.[i];
      acks.push({ ...base, stream: put.stream, ...result, ...(record && { sent: record }) });
    });
  }
  return { acks, refusals };
}
