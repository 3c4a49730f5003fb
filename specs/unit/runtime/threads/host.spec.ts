import { describe, expect, it } from "vitest";
import { restartable, type Run } from "../../../../harness/components/restartable.ts";
import { startComponentThread } from "../../../../harness/runtime/threads/host.ts";
import { pollUntil } from "../../../../harness/runtime/wait.ts";

const MODULE = new URL("./dying-thread", import.meta.url);

async function dyingRun(): Promise<Run & { ask(type: string): Promise<unknown> }> {
  const thread = await startComponentThread<{ name: string }, object>("dying component", MODULE, {});
  return {
    ask: (type) => thread.ask(type),
    stop: () => thread.terminate(),
    kill: () => thread.terminate(),
    alive: () => thread.alive(),
  };
}

describe("a component thread that ends by itself", () => {
  it("is no longer running, and start() runs it anew", async () => {
    let current = await dyingRun();
    const handle = restartable({}, current, async () => {
      current = await dyingRun();
      return current;
    });
    try {
      expect(await current.ask("ping")).toBe("pong");
      expect(handle.running).toBe(true);
      await current.ask("die");
      await pollUntil(async () => (handle.running ? undefined : true), {
        name: "the thread to be seen gone",
        timeoutMs: 5_000,
      });
      // A call to a thread that is gone resolves with nothing instead of waiting forever.
      expect(await current.ask("ping")).toBeUndefined();

      await handle.start();
      expect(handle.running).toBe(true);
      expect(await current.ask("ping")).toBe("pong");
    } finally {
      await handle.stop();
    }
  });
});
