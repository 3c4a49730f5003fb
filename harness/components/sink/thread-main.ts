// Runs inside the sink's thread: the Connect worker, serving what the starting thread asks of it.
import { serveThread } from "../../runtime/threads/serve.ts";
import { startSinkWorker } from "./index.ts";
import type { SinkThreadInfo, SinkThreadOptions } from "./thread.ts";

await serveThread(
  (options: SinkThreadOptions) => startSinkWorker(options),
  (worker): SinkThreadInfo => ({ url: worker.url, host: worker.host, port: worker.port }),
  (worker) => ({
    createConnector: (name: string, config: Record<string, string>) => worker.createConnector(name, config),
    stop: () => worker.stop(),
  }),
);
