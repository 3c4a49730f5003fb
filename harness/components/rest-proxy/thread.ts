import { openComponentThread, type OpenedThread } from "../../runtime/threads/host.ts";
import { restartable, type Run } from "../restartable.ts";
import type { RestProxyOptions, StartedRestProxy } from "./index.ts";

/** What the proxy's thread is started with: its options, less the logger (functions do not cross threads). */
export type RestProxyThreadOptions = Omit<RestProxyOptions, "logger">;

export type RestProxyThreadInfo = Pick<StartedRestProxy, "url" | "host" | "port">;

export type OpenedRestProxyThread = OpenedThread<RestProxyThreadInfo, RestProxyThreadOptions>;

/** The REST proxy's thread, loading its modules until `startRestProxy` hands it its options. */
export function openRestProxyThread(): OpenedRestProxyThread {
  return openComponentThread("rest-proxy", new URL("./thread-main", import.meta.url));
}

async function runThread(
  options: RestProxyThreadOptions,
  opened = openRestProxyThread(),
): Promise<{ info: RestProxyThreadInfo; run: Run }> {
  const thread = await opened.start(options);
  return {
    info: thread.info,
    run: {
      stop: () => thread.ask("stop").then(() => thread.terminate()),
      kill: () => thread.terminate(),
      alive: () => thread.alive(),
    },
  };
}

/**
 * The REST proxy on a thread of its own, as the stack runs it, so that its `kill()` is a crash, as the real
 * proxy's JVM dying: ending the thread cuts every socket and answers nothing more, sends none of the records its
 * producer still holds, and its consumer instances leave no group and commit nothing (their members stay until
 * their session times out). `start()` runs a new thread on the port the first one got (also when that was a free
 * port, 0), so the gateway and every client keep its URL; its consumer instances, held in memory, are gone.
 */
export async function startRestProxy(
  options: RestProxyThreadOptions,
  opened?: OpenedRestProxyThread,
): Promise<StartedRestProxy> {
  const { info, run } = await runThread(options, opened);
  const again = { ...options, host: info.host, port: info.port };
  return restartable(info, run, async () => (await runThread(again)).run);
}
