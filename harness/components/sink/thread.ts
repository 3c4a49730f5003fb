import { startComponentThread } from "../../runtime/threads/host.ts";
import type { SinkOptions, StartedSink } from "./index.ts";

/** What the sink's thread is started with: its options, less the logger (functions do not cross threads). */
export type SinkThreadOptions = Omit<SinkOptions, "logger">;

export type SinkThreadInfo = Pick<StartedSink, "url" | "host" | "port">;

/**
 * The Connect worker on a thread of its own, as the stack runs it: its own event loop (MSK Connect runs on its
 * own machines), and a `kill()` that is a crash. Ending the thread ends the worker where it stands: no LeaveGroup,
 * no offset commit, no flush, uploads in flight abandoned; its consumers stay members of their group until their
 * session times out, as a dead worker's do.
 */
export async function startSink(options: SinkThreadOptions): Promise<StartedSink> {
  const thread = await startComponentThread<SinkThreadInfo, SinkThreadOptions>(
    "sink",
    new URL("./thread-main", import.meta.url),
    options,
  );
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= thread.ask("stop").then(() => thread.terminate());
    return stopping;
  };
  return {
    ...thread.info,
    createConnector: async (name, config) => {
      await thread.ask("createConnector", name, config);
    },
    stop,
    kill: () => {
      stopping ??= thread.terminate();
      return stopping;
    },
    [Symbol.asyncDispose]: stop,
  };
}
