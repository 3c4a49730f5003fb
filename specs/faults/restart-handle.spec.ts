import { describe, expect, it } from "vitest";
import { restartable, type Run } from "../../harness/components/restartable.ts";

/** A run that records what was done to it; `stop()` waits until `release()` when asked to hang. */
function fakeRun(log: string[], name: string, options: { hangOnStop?: boolean } = {}) {
  let alive = true;
  let release: () => void = () => undefined;
  const run: Run & { die(): void; release(): void } = {
    stop: async () => {
      log.push(`${name} stop`);
      if (options.hangOnStop) await new Promise<void>((resolve) => (release = resolve));
      alive = false;
    },
    kill: async () => {
      log.push(`${name} kill`);
      alive = false;
      release();
    },
    alive: () => alive,
    die: () => {
      alive = false;
    },
    release: () => release(),
  };
  return run;
}

describe("a restartable handle", () => {
  it("keeps its facts, and runs start, stop and kill one after another, each a no-op when there is nothing to do", async () => {
    const log: string[] = [];
    let launched = 0;
    const handle = restartable({ port: 4242 }, fakeRun(log, "run0"), async () => fakeRun(log, `run${++launched}`));
    expect(handle.port).toBe(4242);
    expect(handle.running).toBe(true);
    await handle.start();
    expect(launched).toBe(0);

    await Promise.all([handle.stop(), handle.stop(), handle.start(), handle.kill()]);
    expect(log).toEqual(["run0 stop", "run1 kill"]);
    expect(handle.running).toBe(false);
    await handle.stop();
    await handle.start();
    expect(handle.running).toBe(true);
    await handle[Symbol.asyncDispose]();
    expect(log).toEqual(["run0 stop", "run1 kill", "run2 stop"]);
  });

  it("lets a kill cut short a graceful stop that hangs", async () => {
    const log: string[] = [];
    const first = fakeRun(log, "run0", { hangOnStop: true });
    const handle = restartable({}, first, async () => fakeRun(log, "run1"));
    const stopping = handle.stop();
    // The stop is under way (and hangs) before the kill comes.
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(["run0 stop"]);
    await handle.kill();
    await stopping;
    expect(log).toEqual(["run0 stop", "run0 kill"]);
    expect(handle.running).toBe(false);
  });

  it("says it does not run once its run ended by itself, and starts it anew", async () => {
    const log: string[] = [];
    const first = fakeRun(log, "run0");
    const handle = restartable({}, first, async () => fakeRun(log, "run1"));
    first.die();
    expect(handle.running).toBe(false);
    await handle.start();
    expect(handle.running).toBe(true);
    expect(log).toEqual(["run0 kill"]);
  });

  it("stays stopped when a start fails, and may be started again", async () => {
    const log: string[] = [];
    let attempts = 0;
    const handle = restartable({}, fakeRun(log, "run0"), async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("port in use");
      return fakeRun(log, "run1");
    });
    await handle.kill();
    await expect(handle.start()).rejects.toThrow("port in use");
    expect(handle.running).toBe(false);
    await handle.start();
    expect(handle.running).toBe(true);
  });

  it("keeps what a start in place needs across a stop, and releases it once disposed of", async () => {
    const log: string[] = [];
    const handle = restartable(
      { port: 3306 },
      fakeRun(log, "run1"),
      async () => fakeRun(log, "run2"),
      async () => {
        log.push("release");
      },
    );
    await handle.stop();
    await handle.start();
    await handle[Symbol.asyncDispose]();
    expect(log).toEqual(["run1 stop", "run2 stop", "release"]);
  });
});
