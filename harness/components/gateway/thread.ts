import { Worker } from "node:worker_threads";
import type { ErrorCode } from "../../errors.ts";
import { PinpipeError } from "../../errors.ts";
import type { GatewayOptions, StartedGateway } from "./index.ts";
import type { ThreadCommand, ThreadError, ThreadReply } from "./thread-messages.ts";

function rebuild(error: ThreadError): Error {
  return error.code === undefined ? new Error(error.message) : new PinpipeError(error.code as ErrorCode, error.message);
}

/**
 * The gateway on a thread of its own, as the stack runs it. In the stack's main thread the REST proxy, the Connect
 * worker and the checks share one event loop; the gateway has its own, as API Gateway has its own fleet, and a
 * second core when there is one. Same options, same handle, same files as `startGateway`.
 */
export function startGatewayThread(options: GatewayOptions): Promise<StartedGateway> {
  const worker = new Worker(new URL("./thread-entry.js", import.meta.url), { workerData: { options } });
  // The thread serves only while the stack does; it must never be what keeps the process alive.
  worker.unref();

  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let gone: Error | undefined;

  const ask = (type: ThreadCommand["type"]): Promise<void> => {
    if (gone !== undefined) return Promise.resolve();
    const id = (nextId += 1);
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type, id } satisfies ThreadCommand);
    });
  };

  let ready = false;
  let stopping: Promise<void> | undefined;
  const ended = (error: Error): void => {
    // A thread that dies while serving takes the invoke URL with it: say so, whatever PINPIPE_QUIET says, since
    // every later call will fail with a refused connection and nothing else would explain why.
    if (ready && stopping === undefined && gone === undefined) {
      process.stderr.write(`pinpipe: the gateway stopped serving: ${error.message}\n`);
    }
    gone ??= error;
    // Whatever was asked of a thread that is gone has nothing left to wait for.
    for (const waiter of pending.values()) waiter.resolve();
    pending.clear();
  };

  return new Promise<StartedGateway>((resolve, reject) => {
    worker.on("message", (reply: ThreadReply) => {
      if (reply.type === "failed") {
        reject(rebuild(reply.error));
        return;
      }
      if (reply.type === "done") {
        const waiter = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.error === undefined) waiter?.resolve();
        else waiter?.reject(rebuild(reply.error));
        return;
      }
      ready = true;
      const finish = (type: "stop" | "kill"): Promise<void> => {
        const asked = ask(type);
        stopping ??= asked.then(() => worker.terminate()).then(() => undefined);
        return type === "kill" ? asked.then(() => stopping) : stopping;
      };
      resolve({
        ...reply.info,
        flushLogs: () => ask("flush"),
        stop: () => finish("stop"),
        kill: () => finish("kill"),
        [Symbol.asyncDispose]: () => finish("stop"),
      });
    });
    worker.once("error", (error) => {
      ended(error);
      reject(error);
    });
    worker.once("exit", (code) => {
      const error = new Error(`the gateway thread exited with code ${code}`);
      ended(error);
      reject(error);
    });
  });
}
