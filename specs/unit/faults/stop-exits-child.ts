// Run by stop-exits.spec.ts in a process of its own: it leaves proxies with connections in each held state (a 60 s
// delay line, a blackhole, a 1 byte/s throttle), stops them, closes its own sockets and target, and must then
// exit by itself.
import { once } from "node:events";
import type { NetFault } from "../../../harness/faults/net/fault.ts";
import { startFaultProxy } from "../../../harness/faults/net/proxy.ts";
import { connectClient, sleep, startEchoTarget } from "./tcp-helpers.ts";

const target = await startEchoTarget();
const faults: NetFault[] = [
  { kind: "latency", ms: 60_000 },
  { kind: "blackhole" },
  { kind: "bandwidth", bytesPerSecond: 1 },
];
const proxies = await Promise.all(faults.map((fault) => startFaultProxy({ target, fault })));
const clients = await Promise.all(proxies.map((proxy) => connectClient(proxy)));
for (const client of clients) client.socket.write("held by the fault when the proxy stops");
await sleep(100);

await Promise.all(proxies.map((proxy) => proxy.stop()));
for (const client of clients) {
  client.socket.destroy();
  if (!client.socket.closed) await once(client.socket, "close");
}
await target.close();
console.log(`stopped ${Date.now()}`);
