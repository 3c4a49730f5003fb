// The least a Node.js reverse proxy can do: read the request, send it on with undici, write the answer back. No
// routing, headers, ids or logs. Its throughput is the most any Node gateway could keep on this machine, so the
// bench reports it next to the gateway's. Prints its base URL (with the `/prod` prefix it strips) as one JSON line.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import type { Dispatcher } from "undici";
import { exitWithParent } from "../lib/children.ts";

const origin = process.argv[2] ?? "";
const agent = new Agent({ connections: 256 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const answer: Buffer[] = [];
    let status = 502;
    let contentType = "application/json";
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {},
      onResponseStart(_controller, statusCode, headers) {
        status = statusCode;
        contentType = String(headers["content-type"] ?? contentType);
      },
      onResponseData(_controller, chunk) {
        answer.push(chunk);
      },
      onResponseEnd() {
        const body = Buffer.concat(answer);
        res.writeHead(status, ["Content-Type", contentType, "Content-Length", String(body.length)]);
        res.end(body);
      },
      onResponseError() {
        res.writeHead(502, ["Content-Length", "0"]);
        res.end();
      },
    };
    agent.dispatch(
      {
        origin,
        path: (req.url ?? "/").replace(/^\/prod/, ""),
        method: "POST",
        headers: ["content-type", req.headers["content-type"] ?? "application/json"],
        body: Buffer.concat(chunks),
      },
      handler,
    );
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/prod` })}\n`);
});
exitWithParent(() => agent.close());
