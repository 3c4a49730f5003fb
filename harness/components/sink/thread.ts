import { openComponentThread, type ComponentThread, type OpenedThread } from "../../runtime/threads/host.ts";
import { restartable, type Run } from "../restartable.ts";
import type { SinkOptions, StartedSink } from "./index.ts";
import { workerNotRunning } from "./worker-stopped.ts";

/** What the sink's thread is started with: its options, less the logger (functions do not cross threads). */
export type SinkThreadOptions = Omit<SinkOptions, "logger">;

export type SinkThreadInfo = Pick<StartedSink, "url" | "host" | "port">;

export type OpenedSinkThread = OpenedThread<SinkThreadInfo, SinkThreadOptions>;

/** The Connect worker's thread, loading its modules until `startSink` hands it its options. */
export function openSinkThread(): OpenedSinkThread {
  return openComponentThread("sink", new URL("./thread-main", import.meta.url));
}

function runThread(options: SinkThreadOptions, opened = openSinkThread()): Promise<ComponentThread<SinkThreadInfo>> {
  return opened.start(options);
}

function runOf(thread: ComponentThread<SinkThreadInfo>): Run {
  return {
    stop: () => thread.ask("stop").then(() => thread.terminate()),
    kill: () => thread.terminate(),
    alive: () => thread.alive(),
  };
}

/**
 * The Connect worker on a thread of its own, as the stack runs it: its own event loop (MSK Connect runs on its
 * own machines), and a `kill()` that is a crash. Ending the thread ends the worker where it stands: no LeaveGroup,
 * no offset commit, no flush, uploads in flight abandoned; its consumers stay members of their group until their
 * session times out, as a dead worker's do.
 *
 * `start()` runs a new worker on the port the first one got and creates again, in order, the connectors created
 * through `createConnector`, as a Connect worker reads them back from its config topic; they resume from the
 * offsets their group committed. Connectors created over the REST API directly are not kept.
 */
export async function startSink(options: SinkThreadOptions, opened?: OpenedSinkThread): Promise<StartedSink> {
  let thread = await runThread(options, opened);
  const again = { ...options, host: thread.info.host, port: thread.info.port };
  const connectors = new Map<string, Record<string, string>>();
  const handle = restartable({ ...thread.info }, runOf(thread), async () => {
    const next = await runThread(again);
    try {
      for (const [name, config] of connectors) await next.ask("createConnector", name, config);
    } catch (error) {
      await runOf(next).stop();
      throw error;
    }
    thread = next;
    return runOf(next);
  });
  return Object.assign(handle, {
    createConnector: async (name: string, config: Record<string, string>): Promise<void> => {
      if (!handle.running) throw workerNotRunning(name);
      await thread.ask("createConnector", name, config);
      // Kept once the worker took it: a refused config is not created again at the next start either.
      connectors.set(name, config);
    },
  });
}
