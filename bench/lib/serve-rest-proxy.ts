// Starts pinpipe's REST proxy alone in front of the broker given as argv[2]; prints its URL as one JSON line.
import { startRestProxy } from "../../harness/components/rest-proxy/index.ts";
import { exitWithParent } from "./children.ts";

const proxy = await startRestProxy({ bootstrapServers: process.argv[2] ?? "", port: 0 });
process.stdout.write(`${JSON.stringify({ url: proxy.url })}\n`);
exitWithParent(() => proxy.stop());
