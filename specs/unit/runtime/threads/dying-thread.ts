// A component thread for the thread host's spec: it serves, and on "die" fails outside any request, as a
// component whose own code throws where nothing catches it.
import { serveThread } from "../../../../harness/runtime/threads/serve.ts";

await serveThread(
  async () => ({}),
  () => ({ name: "dying" }),
  () => ({
    ping: async () => "pong",
    die: async () => {
      setImmediate(() => {
        throw new Error("the component failed by itself");
      });
    },
  }),
);
