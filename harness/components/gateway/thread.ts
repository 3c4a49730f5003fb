import { openComponentThread, type OpenedThread } from "../../runtime/threads/host.ts";
import { resolveFaults } from "./faults.ts";
import type { GatewayOptions, StartedGateway } from "./index.ts";

export type ThreadedGatewayInfo = Pick<
  StartedGateway,
  "invokeUrl" | "host" | "port" | "apiId" | "stage" | "accessLogFile" | "journalFile"
>;

export type OpenedGatewayThread = OpenedThread<ThreadedGatewayInfo, GatewayOptions>;

/** The gateway's thread, loading its modules until `startGatewayThread` hands it its options. */
export function openGatewayThread(): OpenedGatewayThread {
  return openComponentThread("gateway", new URL("./thread-main", import.meta.url));
}

/**
 * The gateway on a thread of its own, as the stack runs it (the REST proxy and the sink run on theirs): its own
 * event loop, as API Gateway has its own fleet, and a second core when there is one. Same options, same handle,
 * same files as `startGateway`.
 */
export async function startGatewayThread(
  options: GatewayOptions,
  opened = openGatewayThread(),
): Promise<StartedGateway> {
  const thread = await opened.start(options);
  let stopping: Promise<void> | undefined;
  const finish = (type: "stop" | "kill"): Promise<void> => {
    const asked = thread.ask(type);
    stopping ??= asked.then(() => thread.terminate());
    return type === "kill" ? asked.then(() => stopping) : stopping;
  };
  return {
    ...thread.info,
    flushLogs: async () => {
      await thread.ask("flush");
    },
    settle: async () => {
      await thread.ask("settle");
    },
    setFaults: async (faults) => {
      // Checked here too, so that a refusal keeps its context; the thread checks again before it switches.
      resolveFaults(faults);
      await thread.ask("setFaults", faults);
    },
    stop: () => finish("stop"),
    kill: () => finish("kill"),
    [Symbol.asyncDispose]: () => finish("stop"),
  };
}
