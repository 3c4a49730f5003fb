// Runs inside the REST proxy's thread: the proxy, serving what the starting thread asks of it.
import { serveThread } from "../../runtime/threads/serve.ts";
import { serveRestProxy } from "./index.ts";
import type { RestProxyThreadInfo, RestProxyThreadOptions } from "./thread.ts";

await serveThread(
  (options: RestProxyThreadOptions) => serveRestProxy(options),
  (proxy): RestProxyThreadInfo => ({ url: proxy.url, host: proxy.host, port: proxy.port }),
  (proxy) => ({ stop: () => proxy.stop() }),
);
