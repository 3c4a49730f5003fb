// Runs inside the gateway thread: starts the gateway, then does what the starting thread asks of it.
import { parentPort, workerData } from "node:worker_threads";
import { isPinpipeError } from "../../errors.ts";
import type { GatewayOptions, StartedGateway } from "./index.ts";
import { startGateway } from "./index.ts";
import type { ThreadCommand, ThreadReply, ThreadedGatewayInfo } from "./thread-messages.ts";

const port = parentPort;
if (port === null) throw new Error("thread-main.ts runs only as a worker thread");

function describe(error: unknown): { message: string; code?: string } {
  if (isPinpipeError(error)) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error) };
}

let gateway: StartedGateway;
try {
  gateway = await startGateway((workerData as { options: GatewayOptions }).options);
} catch (error) {
  port.postMessage({ type: "failed", error: describe(error) } satisfies ThreadReply);
  throw error;
}

const info: ThreadedGatewayInfo = {
  invokeUrl: gateway.invokeUrl,
  host: gateway.host,
  port: gateway.port,
  apiId: gateway.apiId,
  stage: gateway.stage,
  ...(gateway.accessLogFile !== undefined && { accessLogFile: gateway.accessLogFile }),
  ...(gateway.journalFile !== undefined && { journalFile: gateway.journalFile }),
};
port.postMessage({ type: "ready", info } satisfies ThreadReply);

const actions: Record<ThreadCommand["type"], () => Promise<void>> = {
  flush: () => gateway.flushLogs(),
  stop: () => gateway.stop(),
  kill: () => gateway.kill(),
};

port.on("message", (command: ThreadCommand) => {
  actions[command.type]().then(
    () => port.postMessage({ type: "done", id: command.id } satisfies ThreadReply),
    (error: unknown) =>
      port.postMessage({ type: "done", id: command.id, error: describe(error) } satisfies ThreadReply),
  );
});
