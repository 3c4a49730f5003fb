// The least a Node.js reverse proxy can do: read the request, send it on with undici, write the answer back. No
// routing, headers, ids or logs. Its throughput is the most any Node gateway could keep on this machine, so the
// bench reports it next to the gateway's. Prints its base URL (with the `/prod` prefix it strips) as one JSON line.
//
// `--wire` makes it the least a proxy can do that speaks as API Gateway does on the wire: the same eight headers to
// the integration and back to the client, with fresh ids (from randomUUID, Node's cheapest source of them), but none of the gateway's decisions (no routing, no
// throttle, no header checks or remapping rules). `--logs` (which implies `--wire`) adds what the gateway's logs
// cost at the least: an access-log line and a journal line of the same shape and size, made by the gateway's own
// formatter and written through its own line files.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "undici";
import type { Dispatcher } from "undici";
import type { AccessContext } from "../../harness/components/gateway/access-log.ts";
import { formatAccessLog } from "../../harness/components/gateway/access-log.ts";
import type { HeaderPair } from "../../harness/components/gateway/headers.ts";
import { pairsFromRaw } from "../../harness/components/gateway/headers.ts";
import type { JournalEntry } from "../../harness/components/gateway/journal.ts";
import { journalBody } from "../../harness/components/gateway/journal.ts";
import type { LineSink } from "../../harness/components/gateway/line-file.ts";
import { openLineFile } from "../../harness/components/gateway/line-file.ts";
import { exitWithParent } from "../lib/children.ts";

const origin = process.argv[2] ?? "";
const logDir = process.argv.includes("--logs") ? mkdtempSync(join(tmpdir(), "pinpipe-bare-proxy-")) : undefined;
// The journal holds the wire's headers, so logs come with them.
const wire = process.argv.includes("--wire") || logDir !== undefined;
const logs =
  logDir === undefined
    ? undefined
    : { access: openLineFile(join(logDir, "access.log")), journal: openLineFile(join(logDir, "journal.jsonl")) };
const agent = new Agent({ connections: 256 });
const upstreamHost = new URL(origin).host;
const API_ID = "w8l4vaav4x";

/** The gateway's two log lines for one exchange, made by its own formatter and journal types. */
function writeLogs(sinks: { access: LineSink; journal: LineSink }, entry: JournalEntry): void {
  const access: AccessContext = {
    requestId: entry.requestId,
    extendedRequestId: entry.extendedRequestId,
    sourceIp: entry.sourceIp,
    userAgent: undefined,
    requestTimeEpoch: Date.parse(entry.time),
    httpMethod: entry.method,
    resourcePath: entry.resourcePath ?? undefined,
    resourceId: undefined,
    path: entry.url,
    protocol: "HTTP/1.1",
    status: entry.status,
    responseLength: entry.response.body.bytes,
    responseLatency: entry.latencyMs,
    integrationLatency: entry.integration?.latencyMs,
    integrationStatus: entry.integration?.status ?? undefined,
    integrationErrorMessage: undefined,
    error: undefined,
    apiId: API_ID,
    stage: entry.stage,
    accountId: "-",
    domainName: undefined,
    apiKey: undefined,
  };
  sinks.access.write(formatAccessLog("json", access));
  sinks.journal.write(JSON.stringify(entry));
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  const started = performance.now();
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const answer: Buffer[] = [];
    let status = 502;
    let contentType = "application/json";
    let upstreamDate = "";
    const path = (req.url ?? "/").replace(/^\/prod/, "");
    const sourceIp = req.socket.remoteAddress ?? "-";
    const headers: string[] = wire
      ? [
          "Host",
          upstreamHost,
          "Content-Type",
          req.headers["content-type"] ?? "application/json",
          "User-Agent",
          `AmazonAPIGateway_${API_ID}`,
          "X-Forwarded-For",
          sourceIp,
          "X-Forwarded-Port",
          "443",
          "X-Forwarded-Proto",
          "https",
          "X-Amzn-Trace-Id",
          `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll("-", "").slice(0, 24)}`,
          "X-Amzn-Apigateway-Api-Id",
          API_ID,
        ]
      : ["content-type", req.headers["content-type"] ?? "application/json"];
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {},
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        contentType = String(responseHeaders["content-type"] ?? contentType);
        upstreamDate = String(responseHeaders.date ?? "");
      },
      onResponseData(_controller, chunk) {
        answer.push(chunk);
      },
      onResponseEnd() {
        const response = Buffer.concat(answer);
        const length = String(response.length);
        if (!wire) {
          res.writeHead(status, ["Content-Type", contentType, "Content-Length", length]);
          res.end(response);
          return;
        }
        res.sendDate = false;
        const requestId = randomUUID();
        const extendedRequestId = Buffer.from(randomUUID().slice(0, 11)).toString("base64");
        const responseHeaders: HeaderPair[] = [
          ["Date", new Date().toUTCString()],
          ["Content-Type", contentType],
          ["Content-Length", length],
          ["Connection", "keep-alive"],
          ["x-amzn-RequestId", requestId],
          ["x-amzn-Remapped-Content-Length", length],
          ["x-amzn-Remapped-Date", upstreamDate],
          ["x-amz-apigw-id", extendedRequestId],
        ];
        res.writeHead(status, responseHeaders.flat());
        res.end(response);
        if (logs === undefined) return;
        const latencyMs = Math.round(performance.now() - started);
        writeLogs(logs, {
          time: new Date().toISOString(),
          requestId,
          extendedRequestId,
          sourceIp,
          method: req.method ?? "POST",
          url: req.url ?? "/",
          stage: "prod",
          resourcePath: "/{proxy+}",
          status,
          latencyMs,
          request: { headers: pairsFromRaw(req.rawHeaders), body: journalBody(body, 65_536) },
          response: { headers: responseHeaders, body: journalBody(response, 65_536) },
          integration: {
            method: "POST",
            url: `${origin}${path}`,
            headers: pairsFromRaw(headers),
            status,
            latencyMs,
            error: null,
          },
          error: null,
        });
      },
      onResponseError() {
        res.writeHead(502, ["Content-Length", "0"]);
        res.end();
      },
    };
    agent.dispatch({ origin, path, method: "POST", headers, body }, handler);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/prod` })}\n`);
});
exitWithParent(async () => {
  await agent.close();
  await Promise.all([logs?.access.close(), logs?.journal.close()]);
  if (logDir !== undefined) rmSync(logDir, { recursive: true, force: true });
});
