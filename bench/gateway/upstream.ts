// A loopback stand-in for the REST proxy's produce endpoint: reads the body, answers a fixed produce response.
// Run by gateway.bench.ts in its own process so that it never competes with the gateway for one event loop.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = Buffer.from(
  '{"offsets":[{"partition":0,"offset":42,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}',
);

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "application/vnd.kafka.v2+json", "Content-Length": body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
// stdin is the parent's pipe: when it closes, the bench is gone and this process must not outlive it.
process.stdin.on("end", () => process.exit(0)).resume();
