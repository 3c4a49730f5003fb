import { Worker } from "node:worker_threads";
import { threadEnv } from "../../config.ts";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import type { ThreadCommand, ThreadData, ThreadError, ThreadReply, ThreadStart } from "./messages.ts";

function rebuild(error: ThreadError): Error {
  return error.code === undefined ? new Error(error.message) : new PinpipeError(error.code as ErrorCode, error.message);
}

export interface ComponentThread<Info> {
  info: Info;
  /** Runs one of the thread's actions; resolves at once when the thread is gone (nothing is left to wait for). */
  ask(type: string, ...args: unknown[]): Promise<unknown>;
  /**
   * Ends the thread where it stands, as a process dies: no code of its runs again, its sockets and files are
   * closed under it. This is a crash, not a stop.
   */
  terminate(): Promise<void>;
  /** False once the thread has ended, by itself (an uncaught error, an exit) or by terminate(). */
  alive(): boolean;
}

/** A component thread that loads its modules before its options are known (see `openComponentThread`). */
export interface OpenedThread<Info, Options> {
  /** Hands the thread its options: it starts its component, and this resolves once it serves. Once only. */
  start(options: Options): Promise<ComponentThread<Info>>;
  /** Ends the thread if it was never started (a stack whose start failed before it got that far). */
  close(): Promise<void>;
}

/**
 * Starts a component on a thread of its own. `module` is the component's thread module next to the caller
 * (`new URL("./thread-main", import.meta.url)`, no extension): from source it runs behind the entry that loads it
 * from a bundle of the sources (or through tsx), compiled it runs directly. A thread that dies while serving is reported on stderr,
 * whatever PINPIPE_QUIET says, because every later call to it fails and nothing else would explain why.
 */
export function startComponentThread<Info, Options>(
  component: string,
  module: URL,
  options: Options,
): Promise<ComponentThread<Info>> {
  return openComponentThread<Info, Options>(component, module).start(options);
}

/**
 * Opens a component's thread now and starts the component once `start()` gets its options. Loading a thread's
 * modules takes a few hundred milliseconds of CPU; a stack opens its threads first, so that this happens while
 * Kafka and S3 start instead of after them.
 */
export function openComponentThread<Info, Options>(component: string, module: URL): OpenedThread<Info, Options> {
  const fromSource = import.meta.url.endsWith(".ts");
  const moduleUrl = new URL(`${module.href}${fromSource ? ".ts" : ".js"}`);
  const entry = fromSource ? new URL("./entry.js", import.meta.url) : moduleUrl;
  const workerData: ThreadData = { module: moduleUrl.href };
  const worker = new Worker(entry, { workerData, env: threadEnv() });
  // The thread serves only while its owner does; it must never be what keeps the process alive.
  worker.unref();

  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let gone: Error | undefined;
  let ready = false;
  let ending = false;

  const ended = (error: Error): void => {
    if (ready && !ending && gone === undefined)
      process.stderr.write(`pinpipe: the ${component} stopped serving: ${error.message}\n`);
    gone ??= error;
    for (const waiter of pending.values()) waiter.resolve(undefined);
    pending.clear();
  };

  const ask = (type: string, ...args: unknown[]): Promise<unknown> => {
    if (gone !== undefined) return Promise.resolve(undefined);
    const id = (nextId += 1);
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type, id, args } satisfies ThreadCommand);
    });
  };

  const serving = new Promise<ComponentThread<Info>>((resolve, reject) => {
    worker.on("message", (reply: ThreadReply<Info>) => {
      if (reply.type === "failed") {
        reject(rebuild(reply.error));
        return;
      }
      if (reply.type === "done") {
        const waiter = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.error === undefined) waiter?.resolve(reply.value);
        else waiter?.reject(rebuild(reply.error));
        return;
      }
      ready = true;
      resolve({
        info: reply.info,
        ask,
        terminate: async () => {
          ending = true;
          await worker.terminate();
        },
        alive: () => gone === undefined,
      });
    });
    worker.once("error", (error) => {
      ended(error);
      reject(error);
    });
    worker.once("exit", (code) => {
      const error = new PinpipeError(ErrorCode.ProcessExited, `the ${component} thread exited with code ${code}`);
      ended(error);
      reject(error);
    });
  });
  // A thread that fails before start() is called is reported by start(), not as an unhandled rejection.
  serving.catch(() => undefined);
  let started = false;
  return {
    start: (options) => {
      if (started) throw new Error(`the ${component} thread was started already`);
      started = true;
      worker.postMessage({ type: "start", options } satisfies ThreadStart<Options>);
      return serving;
    },
    close: async () => {
      if (started) return;
      started = true;
      ending = true;
      await worker.terminate();
    },
  };
}
