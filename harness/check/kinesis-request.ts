import type { HeaderPair } from "../components/gateway/headers.ts";
import { headerValue } from "../components/gateway/headers.ts";
import type { JournalEntry } from "../components/gateway/journal.ts";
import { KINESIS_PROXY_TEMPLATES } from "../components/gateway/kinesis-proxy-resources.ts";
import { compileTemplate, render, type CompiledTemplate } from "../components/gateway/mapping-template/index.ts";
import { lastValue, parseQuery } from "../components/gateway/query.ts";

/** The two write actions of the course's Kinesis proxy API. */
export type PutAction = "PutRecord" | "PutRecords";

/** One record as the gateway asked Kinesis to store it: what the mapping template made of the client's body. */
export interface SentRecord {
  partitionKey: string;
  data: Buffer;
}

const compiled = new Map<PutAction, CompiledTemplate>();

function template(action: PutAction): CompiledTemplate {
  let found = compiled.get(action);
  if (!found) {
    found = compileTemplate(KINESIS_PROXY_TEMPLATES[action]);
    compiled.set(action, found);
  }
  return found;
}

function bodyOf(body: JournalEntry["request"]["body"]): Buffer | undefined {
  // A body the journal kept only in part cannot be read, nor rendered again as the gateway rendered it.
  if (body.truncated) return undefined;
  if (body.text !== undefined) return Buffer.from(body.text, "utf8");
  if (body.base64 !== undefined) return Buffer.from(body.base64, "base64");
  return Buffer.alloc(0);
}

function headerMap(headers: readonly HeaderPair[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, value] of headers) map[name] ??= value;
  return map;
}

/**
 * The Kinesis request body the gateway built: the tutorial's template for a JSON body (or one that names no type),
 * the client's own body otherwise, as the methods' WHEN_NO_MATCH passthrough sends it.
 */
function kinesisBody(entry: JournalEntry, action: PutAction, stream: string, body: Buffer): string | undefined {
  const type = (headerValue(entry.request.headers, "content-type") ?? "application/json").split(";")[0];
  if (type?.trim().toLowerCase() !== "application/json") return body.toString("utf8");
  const query = parseQuery(entry.url.split("?")[1]);
  const querystring: Record<string, string> = {};
  for (const { name } of query) querystring[name] = lastValue(query, name) ?? "";
  try {
    return render(template(action), {
      body,
      params: { path: { "stream-name": stream }, querystring, header: headerMap(entry.request.headers) },
      context: { requestId: entry.requestId, stage: entry.stage, httpMethod: entry.method },
    });
  } catch {
    // The gateway answered this call with its own 500 then, and Kinesis stored nothing of it.
    return undefined;
  }
}

function record(value: unknown): SentRecord | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { Data, PartitionKey } = value as { Data?: unknown; PartitionKey?: unknown };
  if (typeof Data !== "string" || typeof PartitionKey !== "string") return undefined;
  return { partitionKey: PartitionKey, data: Buffer.from(Data, "base64") };
}

/**
 * What the gateway sent Kinesis for one journalled PutRecord or PutRecords call, record by record: the service
 * request the journal keeps, whatever templates made it (a journal written before the gateway kept it is rendered
 * again with the tutorial's templates). Undefined where that cannot be known: a cut body, a template that failed,
 * a body that is not the action's JSON.
 */
export function sentToKinesis(
  entry: JournalEntry,
  action: PutAction,
  stream: string,
): Array<SentRecord | undefined> | undefined {
  let text: string | undefined;
  if (entry.integration?.body) {
    text = bodyOf(entry.integration.body)?.toString("utf8");
  } else {
    const body = bodyOf(entry.request.body);
    if (body === undefined) return undefined;
    text = kinesisBody(entry, action, stream, body);
  }
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (action === "PutRecord") return [record(parsed)];
  const records = (parsed as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) ? records.map(record) : undefined;
}
