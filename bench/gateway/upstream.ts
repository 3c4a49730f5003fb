// A loopback stand-in for the REST proxy's produce endpoint: reads the body, answers a fixed produce response.
// With --stub, gateway.bench.ts runs it instead of the real REST proxy, to show the gateway's cost on its own.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exitWithParent } from "../lib/children.ts";

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
exitWithParent();
