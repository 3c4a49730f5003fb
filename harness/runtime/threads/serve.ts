// Runs inside a component thread: starts the component, then does what the starting thread asks of it.
import { parentPort } from "node:worker_threads";
import { isPinpipeError } from "../../errors.ts";
import type { ThreadCommand, ThreadError, ThreadReply, ThreadStart } from "./messages.ts";

function describe(error: unknown): ThreadError {
  if (isPinpipeError(error)) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * Waits for the component's options, starts the component with them and serves the starting thread's requests
 * with `actions`; `info` is what the handle on the other side carries (plain data: it is copied across).
 */
export async function serveThread<Options, Started, Info>(
  start: (options: Options) => Promise<Started>,
  info: (started: Started) => Info,
  actions: (started: Started) => Record<string, (...args: never[]) => Promise<unknown>>,
): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("a component thread module runs only as a worker thread");
  const { options } = await new Promise<ThreadStart<Options>>((resolve) => port.once("message", resolve));
  let started: Started;
  try {
    started = await start(options);
  } catch (error) {
    port.postMessage({ type: "failed", error: describe(error) } satisfies ThreadReply<Info>);
    throw error;
  }
  const served = actions(started);
  port.on("message", (command: ThreadCommand) => {
    const action = served[command.type] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    const run = action ? action(...command.args) : Promise.reject(new Error(`no action ${command.type}`));
    run.then(
      (value) => port.postMessage({ type: "done", id: command.id, value } satisfies ThreadReply<Info>),
      (error: unknown) =>
        port.postMessage({ type: "done", id: command.id, error: describe(error) } satisfies ThreadReply<Info>),
    );
  });
  port.postMessage({ type: "ready", info: info(started) } satisfies ThreadReply<Info>);
}
