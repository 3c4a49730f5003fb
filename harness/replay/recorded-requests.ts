import type { JournalEntry } from "../components/gateway/journal.ts";

/** One client request of a gateway journal, as it can be sent again. */
export interface RecordedRequest {
  /** When it arrived, in ms after the journal's first request. */
  atMs: number;
  method: string;
  /** The request target as the client sent it (`/prod/topics/<uid>.pin`), query included. */
  url: string;
  headers: [string, string][];
  body: Buffer;
  /** The journal kept only the start of a large body: what is sent is that start. */
  truncated: boolean;
  /** What the gateway answered then, to compare with what it answers now. */
  status: number;
}

// Set by the HTTP client from the body and the connection: sending them as recorded would lie about the new ones.
const CONNECTION_HEADERS = new Set(["host", "content-length", "connection", "keep-alive", "transfer-encoding"]);

/** The journal's requests in the order they arrived, with their times relative to the first. */
export function recordedRequests(entries: readonly JournalEntry[]): RecordedRequest[] {
  const sorted = [...entries].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const start = sorted.length > 0 ? Date.parse((sorted[0] as JournalEntry).time) : 0;
  return sorted.map((entry) => {
    const { body } = entry.request;
    return {
      atMs: Date.parse(entry.time) - start,
      method: entry.method,
      url: entry.url,
      headers: entry.request.headers.filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase())),
      body: body.base64 !== undefined ? Buffer.from(body.base64, "base64") : Buffer.from(body.text ?? "", "utf8"),
      truncated: body.truncated,
      status: entry.status,
    };
  });
}

/** The stage and user id the journal's client posted to, so that a fresh stack serves the same paths. */
export function recordedTargets(entries: readonly JournalEntry[]): { stage?: string; userId?: string } {
  const count = (values: string[]): string | undefined => {
    const tally = new Map<string, number>();
    for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
    return [...tally].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  // Only calls the gateway routed name a deployed stage; a 403 for an unknown stage names none.
  const stage = count(entries.filter((e) => e.resourcePath !== null).map((e) => e.stage));
  const userIds = entries.flatMap((e) => {
    const match = /\/topics\/([A-Za-z0-9_-]+)\.(?:pin|geo|user)(?:[/?]|$)/.exec(e.url);
    return match?.[1] === undefined ? [] : [match[1]];
  });
  return { ...(stage !== undefined && { stage }), ...(count(userIds) !== undefined && { userId: count(userIds) }) };
}
