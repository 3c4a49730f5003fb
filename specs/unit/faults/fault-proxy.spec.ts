import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode, isPinpipeError } from "../../../harness/errors.ts";
import { startFaultProxy, type FaultProxy } from "../../../harness/faults/net/proxy.ts";
import { closedPort, connectClient, sleep, startEchoTarget, type EchoTarget } from "./tcp-helpers.ts";

let target: EchoTarget;
let proxy: FaultProxy;

beforeEach(async () => {
  target = await startEchoTarget();
  proxy = await startFaultProxy({ target });
});
afterEach(async () => {
  await proxy.stop();
  await target.close();
});

/** Resolves when `check` holds; the spec's own timeout is the limit. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(10);
}

describe("startFaultProxy", () => {
  it("listens on 127.0.0.1 and forwards a large payload intact both ways, then the end of stream", async () => {
    expect(proxy.host).toBe("127.0.0.1");
    expect(proxy.port).toBeGreaterThan(0);
    const client = await connectClient(proxy);
    const payload = randomBytes(8 * 1024 * 1024);
    client.socket.end(payload);
    const echoed = await client.bytes(payload.length);
    expect(echoed.equals(payload)).toBe(true);
    await client.ended;
    expect(client.received().length).toBe(payload.length);
  });

  it("latency delivers each chunk at least the delay later in each direction, in order", async () => {
    const ms = 120;
    proxy.set({ kind: "latency", ms });
    const client = await connectClient(proxy);
    const sentAt: number[] = [];
    for (const letter of ["a", "b", "c", "d"]) {
      sentAt.push(performance.now());
      client.socket.write(letter);
      await sleep(40);
    }
    expect((await client.bytes(4)).toString()).toBe("abcd");
    // Each byte crossed the proxy twice (there and back), so it is at least two delays old when it arrives.
    let offset = 0;
    for (const arrival of client.arrivals) {
      for (let index = 0; index < arrival.bytes.length; index += 1) {
        expect(arrival.at - (sentAt[offset + index] ?? 0)).toBeGreaterThanOrEqual(2 * ms - 2);
      }
      offset += arrival.bytes.length;
    }
  });

  it("latency with jitter keeps the order of the stream", async () => {
    proxy.set({ kind: "latency", ms: 5, jitterMs: 40 });
    const client = await connectClient(proxy);
    const sent = Array.from({ length: 60 }, (_, index) => `${index};`).join("");
    for (const part of sent.split(/(?<=;)/)) {
      client.socket.write(part);
      await sleep(1);
    }
    expect((await client.bytes(sent.length)).toString()).toBe(sent);
  });

  it("bandwidth throttles throughput in each direction", async () => {
    const bytesPerSecond = 128 * 1024;
    proxy.set({ kind: "bandwidth", bytesPerSecond });
    const client = await connectClient(proxy);
    const payload = randomBytes(192 * 1024);
    const started = performance.now();
    client.socket.write(payload);
    const echoed = await client.bytes(payload.length);
    const elapsed = performance.now() - started;
    expect(echoed.equals(payload)).toBe(true);
    // 192 KiB at 128 KiB/s takes 1.5 s; a loose floor leaves room for the one slice sent at once.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
  });

  it("reset sends a RST to every open connection and to each new one", async () => {
    const open = await connectClient(proxy);
    open.socket.write("hello");
    expect((await open.bytes(5)).toString()).toBe("hello");

    proxy.set({ kind: "reset" });
    expect((await open.error).code).toBe("ECONNRESET");
    await until(() => target.errorCodes().includes("ECONNRESET"));
    expect(proxy.connections()).toBe(0);

    const acceptedBefore = target.accepted();
    const next = await connectClient(proxy);
    expect((await next.error).code).toBe("ECONNRESET");
    expect(target.accepted()).toBe(acceptedBefore);

    proxy.set({ kind: "off" });
    const after = await connectClient(proxy);
    after.socket.write("back");
    expect((await after.bytes(4)).toString()).toBe("back");
    after.socket.destroy();
  });

  it("blackhole accepts and stalls connections; off delivers what was held, in order", async () => {
    const open = await connectClient(proxy);
    open.socket.write("before;");
    await open.bytes(7);

    proxy.set({ kind: "blackhole" });
    open.socket.write("during;");
    const fresh = await connectClient(proxy);
    fresh.socket.write("new;");
    await sleep(300);
    expect(open.received().toString()).toBe("before;");
    expect(fresh.received().length).toBe(0);
    expect(proxy.connections()).toBe(2);

    proxy.set({ kind: "off" });
    open.socket.write("after;");
    expect((await open.bytes(20)).toString()).toBe("before;during;after;");
    expect((await fresh.bytes(4)).toString()).toBe("new;");
    open.socket.destroy();
    fresh.socket.destroy();
  });

  it("switching faults under a steady stream loses and reorders nothing", async () => {
    const client = await connectClient(proxy);
    const parts = Array.from({ length: 300 }, (_, index) => `${index}:${"x".repeat(index % 97)};`);
    const faults = [
      { kind: "latency", ms: 30, jitterMs: 20 },
      { kind: "blackhole" },
      { kind: "bandwidth", bytesPerSecond: 256 * 1024 },
      { kind: "off" },
      { kind: "latency", ms: 10 },
      { kind: "off" },
    ] as const;
    const writing = (async () => {
      for (const part of parts) {
        client.socket.write(part);
        await sleep(1);
      }
    })();
    for (const fault of faults) {
      await sleep(40);
      proxy.set(fault);
    }
    await writing;
    const sent = parts.join("");
    expect((await client.bytes(sent.length)).toString()).toBe(sent);
    client.socket.destroy();
  });

  it("a target that refuses the connection shows as a reset to the client", async () => {
    const nowhere = await startFaultProxy({ target: { host: "127.0.0.1", port: await closedPort() } });
    try {
      const client = await connectClient(nowhere);
      expect((await client.error).code).toBe("ECONNRESET");
    } finally {
      await nowhere.stop();
    }
  });

  it("refuses an invalid fault and keeps the current one", () => {
    proxy.set({ kind: "latency", ms: 10 });
    const attempt = (): void => proxy.set({ kind: "bandwidth", bytesPerSecond: 0 });
    expect(attempt).toThrow(/bandwidth must be a number of bytes per second > 0/);
    try {
      attempt();
    } catch (error) {
      expect(isPinpipeError(error, ErrorCode.InvalidOption)).toBe(true);
    }
    expect(proxy.fault()).toEqual({ kind: "latency", ms: 10 });
  });

  it("stop closes the listener and ends every connection, and can be called again", async () => {
    const client = await connectClient(proxy);
    proxy.set({ kind: "latency", ms: 60_000 });
    client.socket.write("never delivered");
    await sleep(20);
    await proxy.stop();
    await proxy.stop();
    await client.ended;
    const refused = connect({ host: proxy.host, port: proxy.port });
    const [error] = (await once(refused, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
  });
});
