// Runs inside the REST proxy's thread: the proxy, serving what the starting thread asks of it.
import { serveThread, threadOptions } from "../../runtime/threads/serve.ts";
import { serveRestProxy } from "./index.ts";
import type { RestProxyThreadInfo, RestProxyThreadOptions } from "./thread.ts";

await serveThread(
  () => serveRestProxy(threadOptions<RestProxyThreadOptions>()),
  (proxy): RestProxyThreadInfo => ({ url: proxy.url, host: proxy.host, port: proxy.port }),
  (proxy) => ({ stop: () => proxy.stop() }),
);
