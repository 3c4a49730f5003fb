import type { JournalEntry } from "../components/gateway/journal.ts";
import { streamPut } from "./stream-acks.ts";

/** One record a client was told was accepted: the REST proxy's per-record answer, with what was sent. */
export interface Ack {
  topic: string;
  partition: number;
  offset: number;
  /** The record's value as the client sent it (parsed JSON of the embedded `json` format). */
  value: unknown;
  requestId: string;
  time: string;
  /** How long the gateway took to answer the call: the client was told at `time` plus this. */
  latencyMs: number;
}

/**
 * A record the proxy refused (in a 200 answer or with an error status), or any other call that failed, such as
 * a 403 for a wrong stage: reported, never expected in S3.
 */
export interface Refusal {
  /** The topic (or, for the streaming half, the stream) the call named; "" when it was no write call at all. */
  topic: string;
  /** `POST /prod/topics/x.pin`, for the report. */
  call: string;
  status: number;
  errorCode: number | null;
  message: string;
  requestId: string;
  time: string;
  latencyMs: number;
}

interface ProduceAnswer {
  offsets?: Array<{ partition: number | null; offset: number | null; error_code: number | null; error: string | null }>;
  error_code?: number;
  message?: string;
}

const PRODUCE_PATH = /^\/[^/]+\/topics\/(?<topic>[^/?]+)(?:\/partitions\/\d+)?(?:\?.*)?$/;

function parse<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * Reads the gateway journal: the records of produce calls to `topics` that were acknowledged (an offset came
 * back), pairing request records with answers by position, and every refused record or failed call.
 */
export function acknowledgements(journal: readonly JournalEntry[], topics: readonly string[]) {
  const acks: Ack[] = [];
  const refusals: Refusal[] = [];
  for (const entry of journal) {
    // The streaming half's writes are read by streamAcknowledgements, refusals included.
    if (streamPut(entry)) continue;
    const topic = entry.method === "POST" ? PRODUCE_PATH.exec(entry.url)?.groups?.topic : undefined;
    const call = `${entry.method} ${entry.url.split("?")[0]}`;
    const answer = parse<ProduceAnswer>(entry.response.body.text);
    if (topic === undefined) {
      if (entry.status >= 400) {
        const message = answer?.message ?? entry.error?.message ?? entry.response.body.text?.slice(0, 200) ?? "";
        refusals.push({
          topic: "",
          call,
          status: entry.status,
          errorCode: answer?.error_code ?? null,
          message,
          requestId: entry.requestId,
          time: entry.time,
          latencyMs: entry.latencyMs,
        });
      }
      continue;
    }
    const name = decodeURIComponent(topic);
    const sent = parse<{ records?: Array<{ value?: unknown }> }>(entry.request.body.text)?.records ?? [];
    const base = { topic: name, call, requestId: entry.requestId, time: entry.time, latencyMs: entry.latencyMs };
    const own = topics.includes(name);
    if (entry.status !== 200 || !answer?.offsets) {
      refusals.push({
        ...base,
        status: entry.status,
        errorCode: answer?.error_code ?? null,
        message: answer?.message ?? entry.error?.message ?? entry.response.body.text?.slice(0, 200) ?? "",
      });
      continue;
    }
    answer.offsets.forEach((result, i) => {
      if (result.error_code === null && result.partition !== null && result.offset !== null) {
        if (own) acks.push({ ...base, partition: result.partition, offset: result.offset, value: sent[i]?.value });
      } else {
        refusals.push({ ...base, status: 200, errorCode: result.error_code, message: result.error ?? "" });
      }
    });
  }
  return { acks, refusals };
}
