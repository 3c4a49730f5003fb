// Runs inside the gateway thread: the gateway, serving what the starting thread asks of it.
import { serveThread } from "../../runtime/threads/serve.ts";
import type { GatewayFaults, GatewayOptions } from "./index.ts";
import { startGateway } from "./index.ts";
import type { ThreadedGatewayInfo } from "./thread.ts";

await serveThread(
  (options: GatewayOptions) => startGateway(options),
  (gateway): ThreadedGatewayInfo => ({
    invokeUrl: gateway.invokeUrl,
    host: gateway.host,
    port: gateway.port,
    apiId: gateway.apiId,
    stage: gateway.stage,
    ...(gateway.accessLogFile !== undefined && { accessLogFile: gateway.accessLogFile }),
    ...(gateway.journalFile !== undefined && { journalFile: gateway.journalFile }),
  }),
  (gateway) => ({
    flush: () => gateway.flushLogs(),
    settle: () => gateway.settle(),
    setFaults: (faults: GatewayFaults | "off") => gateway.setFaults(faults),
    stop: () => gateway.stop(),
    kill: () => gateway.kill(),
  }),
);
