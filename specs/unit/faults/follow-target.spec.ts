import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Restartable } from "../../../harness/components/types.ts";
import { followedBy } from "../../../harness/faults/net/followed-target.ts";
import { createNetFaults } from "../../../harness/faults/net/net-faults.ts";
import { startFaultProxy, type FaultProxy } from "../../../harness/faults/net/proxy.ts";
import { connectClient, sleep } from "./tcp-helpers.ts";

/** An echo server that can go down and come back on the same port, as a restarted component does. */
function restartableEcho(): {
  address: () => { host: string; port: number };
  up(): Promise<void>;
  down(): Promise<void>;
} {
  let server: Server | undefined;
  let port = 0;
  return {
    address: () => ({ host: "127.0.0.1", port }),
    async up() {
      server = createServer((socket) => socket.pipe(socket));
      server.listen(port, "127.0.0.1");
      await once(server, "listening");
      port = (server.address() as AddressInfo).port;
    },
    async down() {
      const closing = server;
      server = undefined;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}

async function connectCode(address: { host: string; port: number }): Promise<string> {
  const socket = connect(address);
  return new Promise((resolve) => {
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Resolves when `check` holds; the spec's own timeout is the limit. */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await sleep(10);
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function echoBehindProxy(
  followTarget: boolean,
): Promise<{ echo: ReturnType<typeof restartableEcho>; proxy: FaultProxy }> {
  const echo = restartableEcho();
  await echo.up();
  cleanups.push(() => echo.down());
  const proxy = await startFaultProxy({ target: echo.address(), followTarget });
  cleanups.push(() => proxy.stop());
  return { echo, proxy };
}

describe("a fault proxy that follows its target", () => {
  it("refuses while the target is down once a connection found it down, and accepts again when it is back", async () => {
    const { echo, proxy } = await echoBehindProxy(true);
    await echo.down();
    // The first connection was accepted before the proxy knew: it can only be reset.
    const first = await connectClient(proxy);
    expect((await first.error).code).toBe("ECONNRESET");
    expect(proxy.listening()).toBe(false);
    expect(await connectCode(proxy)).toBe("ECONNREFUSED");

    await echo.up();
    await until(() => proxy.listening());
    const client = await connectClient(proxy);
    client.socket.write("back");
    expect((await client.bytes(4)).toString()).toBe("back");
    client.socket.destroy();
  });

  it("without followTarget keeps listening and resets each connection while the target is down", async () => {
    const { echo, proxy } = await echoBehindProxy(false);
    await echo.down();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const client = await connectClient(proxy);
      expect((await client.error).code).toBe("ECONNRESET");
    }
    expect(proxy.listening()).toBe(true);
  });

  it("targetDown refuses at once and targetUp accepts on the same port, with open connections kept", async () => {
    const { proxy } = await echoBehindProxy(false);
    const open = await connectClient(proxy);
    proxy.targetDown();
    expect(await connectCode(proxy)).toBe("ECONNREFUSED");
    open.socket.write("still");
    expect((await open.bytes(5)).toString()).toBe("still");
    await proxy.targetUp();
    expect(await connectCode(proxy)).toBe("connected");
    open.socket.destroy();
  });
});

describe("followedBy", () => {
  it("stops the link listening before the component goes down and starts it once the component is back", async () => {
    const echo = restartableEcho();
    await echo.up();
    cleanups.push(() => echo.down());
    const net = createNetFaults();
    cleanups.push(() => net.stopAll());
    const link = await net.add("gateway->rest-proxy", echo.address(), { followTarget: true });
    const proxy = link.proxies[0] as FaultProxy;
    const seen: string[] = [];
    let running = true;
    const component: Restartable = {
      get running() {
        return running;
      },
      async start() {
        seen.push(`start (proxy listening: ${proxy.listening()})`);
        await echo.up();
        running = true;
      },
      async stop() {
        seen.push(`stop (proxy listening: ${proxy.listening()})`);
        await echo.down();
        running = false;
      },
      async kill() {
        seen.push(`kill (proxy listening: ${proxy.listening()})`);
        await echo.down();
        running = false;
      },
    };
    const followed = followedBy(component, link);

    await followed.kill();
    expect(followed.running).toBe(false);
    expect(await connectCode(proxy)).toBe("ECONNREFUSED");
    await followed.start();
    expect(proxy.listening()).toBe(true);
    expect(await connectCode(proxy)).toBe("connected");
    await followed.stop();
    expect(await connectCode(proxy)).toBe("ECONNREFUSED");
    expect(seen).toEqual([
      "kill (proxy listening: false)",
      "start (proxy listening: false)",
      "stop (proxy listening: false)",
    ]);
    expect(followedBy(component, undefined)).toBe(component);
  });

  it("a link removed is stopped and forgotten", async () => {
    const echo = restartableEcho();
    await echo.up();
    cleanups.push(() => echo.down());
    const net = createNetFaults();
    cleanups.push(() => net.stopAll());
    const link = await net.add("emulator->gateway", echo.address());
    const proxy = link.proxies[0] as FaultProxy;
    await net.remove("emulator->gateway");
    await net.remove("emulator->gateway");
    expect(net.list()).toEqual([]);
    expect(await connectCode(proxy)).toBe("ECONNREFUSED");
  });
});
