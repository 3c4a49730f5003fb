import type { JournalEntry } from "../components/gateway/journal.ts";

/** One record a client was told was accepted: the REST proxy's per-record answer, with what was sent. */
export interface Ack {
  topic: string;
  partition: number;
  offset: number;
  /** The record's value as the client sent it (parsed JSON of the embedded `json` format). */
  value: unknown;
  requestId: string;
  time: string;
}

/** A record the proxy refused, in a 200 answer or with an error status: reported, never expected in S3. */
export interface Refusal {
  topic: string;
  status: number;
  errorCode: number | null;
  message: string;
  requestId: string;
  time: string;
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
 * Reads the gateway journal for produce calls to `topics` and splits their records into acknowledged
 * (an offset came back) and refused (an error came back), pairing request records with answers by position.
 */
export function acknowledgements(journal: readonly JournalEntry[], topics: readonly string[]) {
  const acks: Ack[] = [];
  const refusals: Refusal[] = [];
  for (const entry of journal) {
    const topic = entry.method === "POST" ? PRODUCE_PATH.exec(entry.url)?.groups?.topic : undefined;
    if (topic === undefined || !topics.includes(decodeURIComponent(topic))) continue;
    const name = decodeURIComponent(topic);
    const answer = parse<ProduceAnswer>(entry.response.body.text);
    const sent = parse<{ records?: Array<{ value?: unknown }> }>(entry.request.body.text)?.records ?? [];
    const base = { topic: name, requestId: entry.requestId, time: entry.time };
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
        acks.push({ ...base, partition: result.partition, offset: result.offset, value: sent[i]?.value });
      } else {
        refusals.push({ ...base, status: 200, errorCode: result.error_code, message: result.error ?? "" });
      }
    });
  }
  return { acks, refusals };
}
