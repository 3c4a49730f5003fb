/** A header as sent on the wire, name case kept; repeats stay separate entries. */
export type HeaderPair = [name: string, value: string];

export function pairsFromRaw(raw: readonly string[]): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) pairs.push([raw[index] ?? "", raw[index + 1] ?? ""]);
  return pairs;
}

/** The first value of a header, matched case-insensitively. */
export function headerValue(pairs: readonly HeaderPair[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return pairs.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** The first value of each header by lower-cased name: one pass, for a request whose headers are asked for often. */
export function firstValues(pairs: readonly HeaderPair[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (!first.has(lower)) first.set(lower, value);
  }
  return first;
}

// Measured on AWS (REGIONAL, HTTP_PROXY): these never reach the integration. Keep-Alive and Proxy-Connection are
// hop-by-hop too; the rest are replaced below by the gateway's own values.
const DROPPED_REQUEST = new Set([
  "connection",
  "content-encoding",
  "content-md5",
  "expect",
  "max-forwards",
  "proxy-authenticate",
  "server",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
  "www-authenticate",
  "keep-alive",
  "proxy-connection",
  "host",
  "content-length",
  "x-forwarded-for",
  "x-forwarded-port",
  "x-forwarded-proto",
  "x-amzn-trace-id",
  "x-amzn-apigateway-api-id",
  "x-http-method-override",
]);

export interface ForwardContext {
  apiId: string;
  /** Integration URI host with its port, e.g. `127.0.0.1:8082`. */
  integrationHost: string;
  sourceIp: string;
  traceHeader: string;
}

/** The client's headers as the integration receives them. */
export function integrationRequestHeaders(client: readonly HeaderPair[], context: ForwardContext): HeaderPair[] {
  const forwarded: HeaderPair[] = [["Host", context.integrationHost]];
  let hasUserAgent = false;
  let chain: string | undefined;
  // One pass: the User-Agent check and the X-Forwarded-For chain ride along with the filtering.
  for (const [name, value] of client) {
    const lower = name.toLowerCase();
    if (lower === "user-agent") hasUserAgent = true;
    else if (lower === "x-forwarded-for") chain = chain === undefined ? value : `${chain}, ${value}`;
    if (DROPPED_REQUEST.has(lower)) continue;
    // A SigV4 signature is for the gateway, never for the backend.
    if (lower === "authorization" && /^AWS4-HMAC-SHA256\b/i.test(value)) continue;
    forwarded.push([name, value]);
  }
  if (!hasUserAgent) {
    forwarded.push(["User-Agent", `AmazonAPIGateway_${context.apiId}`]);
  }
  forwarded.push([
    "X-Forwarded-For",
    chain === undefined || chain === "" ? context.sourceIp : `${chain}, ${context.sourceIp}`,
  ]);
  // A REGIONAL endpoint is HTTPS on 443; the backend sees that even when the local listener is plain HTTP.
  forwarded.push(["X-Forwarded-Port", "443"], ["X-Forwarded-Proto", "https"]);
  forwarded.push(["X-Amzn-Trace-Id", context.traceHeader], ["X-Amzn-Apigateway-Api-Id", context.apiId]);
  return forwarded;
}

// The gateway answers with its own framing and ids, so the backend's versions are kept under another name.
const REMAPPED_RESPONSE: Record<string, string> = {
  connection: "Connection",
  "content-length": "Content-Length",
  date: "Date",
  server: "Server",
  "x-amzn-requestid": "x-amzn-RequestId",
  authorization: "Authorization",
  "content-md5": "Content-MD5",
  "max-forwards": "Max-Forwards",
  "user-agent": "User-Agent",
  "www-authenticate": "WWW-Authenticate",
};

const DROPPED_RESPONSE = new Set([
  "expect",
  "host",
  "proxy-authenticate",
  "te",
  "trailer",
  "upgrade",
  "via",
  "transfer-encoding",
  "keep-alive",
  "content-type",
]);

/** The backend's headers as the client gets them, minus Content-Type which the caller places first. */
export function remapResponseHeaders(backend: readonly HeaderPair[]): HeaderPair[] {
  const result: HeaderPair[] = [];
  for (const [name, value] of backend) {
    const lower = name.toLowerCase();
    const remapped = REMAPPED_RESPONSE[lower];
    if (remapped !== undefined) result.push([`x-amzn-Remapped-${remapped}`, value]);
    else if (!DROPPED_RESPONSE.has(lower)) result.push([name, value]);
  }
  return result;
}

export interface ResponseFrame {
  date: string;
  contentType: string;
  contentLength: number;
  keepAlive: boolean;
  requestId: string;
}

/** The gateway's own leading headers, in the order the real endpoint sends them. */
export function leadingHeaders(frame: ResponseFrame): HeaderPair[] {
  return [
    ["Date", frame.date],
    ["Content-Type", frame.contentType],
    ["Content-Length", String(frame.contentLength)],
    ["Connection", frame.keepAlive ? "keep-alive" : "close"],
    ["x-amzn-RequestId", frame.requestId],
  ];
}
