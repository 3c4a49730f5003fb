import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { restartable } from "../../../harness/components/restartable.ts";
import { ErrorCode } from "../../../harness/errors.ts";
import {
  containerRun,
  httpProbe,
  pollReady,
  type ContainerRunOptions,
  type EngineContainer,
} from "../../../harness/runtime/container-run.ts";

/** The engine's answer to a call with nothing to do, as dockerode rejects it. */
function engineError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) ${message}`), { statusCode });
}

const STARTED_AT = "2025-01-02T03:04:05.678Z";

/** A dockerode-like container that answers as the engine does and records every call made to it. */
function fakeContainer() {
  const calls: string[] = [];
  const state = { running: true, removed: false, startError: undefined as Error | undefined };
  const container: EngineContainer = {
    id: "0123456789abcdef0123",
    async start() {
      calls.push("start");
      if (state.removed) throw engineError(404, "no such container");
      if (state.startError) throw state.startError;
      if (state.running) throw engineError(304, "container already started");
      state.running = true;
    },
    async stop({ t }) {
      calls.push(`stop t=${t}`);
      if (state.removed) throw engineError(404, "no such container");
      if (!state.running) throw engineError(304, "container already stopped");
      state.running = false;
    },
    async kill({ signal }) {
      calls.push(`kill ${signal}`);
      if (!state.running) throw engineError(409, "container is not running");
      state.running = false;
    },
    async remove({ v, force }) {
      calls.push(`remove v=${v} force=${force}`);
      if (state.removed) throw engineError(404, "no such container");
      state.removed = true;
      state.running = false;
    },
    async inspect() {
      return { State: { StartedAt: STARTED_AT } };
    },
  };
  return { container, calls, state };
}

/** A readiness that answers after `failures` refusals, recording each probe beside the container's calls. */
function readyAfter(calls: string[], failures: number): () => Promise<void> {
  let left = failures;
  return pollReady("fake: ready", 60_000, async () => {
    calls.push("probe");
    if (left-- > 0) throw new Error("not yet");
    return true;
  });
}

function handleOf(options: ContainerRunOptions) {
  const run = containerRun(options);
  return restartable({ host: "localhost", port: 18082 }, run.first, run.launch, run.remove);
}

describe("a container run", () => {
  it("stops gracefully without removing the container, and starts that same container again", async () => {
    const { container, calls, state } = fakeContainer();
    const handle = handleOf({ component: "fake", container, ready: readyAfter(calls, 0) });
    await handle.stop();
    expect(calls).toEqual(["stop t=10"]);
    expect(state.removed).toBe(false);
    expect(handle.running).toBe(false);
    await handle.start();
    expect(calls).toEqual(["stop t=10", "start", "probe"]);
    expect(state.running).toBe(true);
    expect(handle.running).toBe(true);
    expect(handle.port).toBe(18082);
  });

  it("takes the graceful stop's timeout in whole seconds", async () => {
    const { container, calls } = fakeContainer();
    const handle = handleOf({ component: "fake", container, ready: readyAfter(calls, 0), stopTimeoutMs: 2500 });
    await handle.stop();
    expect(calls).toEqual(["stop t=3"]);
  });

  it("kills with SIGKILL, without removing the container, and starts it again after the kill", async () => {
    const { container, calls, state } = fakeContainer();
    const handle = handleOf({ component: "fake", container, ready: readyAfter(calls, 0) });
    await handle.kill();
    expect(calls).toEqual(["kill SIGKILL"]);
    expect(state).toMatchObject({ running: false, removed: false });
    await handle.start();
    expect(calls).toEqual(["kill SIGKILL", "start", "probe"]);
    expect(state.running).toBe(true);
  });

  it("takes a stop or kill of a container that no longer runs as done", async () => {
    const { container, calls, state } = fakeContainer();
    const run = containerRun({ component: "fake", container, ready: readyAfter(calls, 0) });
    state.running = false;
    await expect(run.first.stop()).resolves.toBeUndefined();
    await expect(run.first.kill()).resolves.toBeUndefined();
    expect(calls).toEqual(["stop t=10", "kill SIGKILL"]);
  });

  it("after a start, polls the readiness until the component answers, and only then is started", async () => {
    const { container, calls } = fakeContainer();
    const handle = handleOf({ component: "fake", container, ready: readyAfter(calls, 2) });
    await handle.stop();
    await handle.start();
    expect(calls).toEqual(["stop t=10", "start", "probe", "probe", "probe"]);
    expect(handle.running).toBe(true);
  });

  it("follows the new run's output from the moment the engine started it, before waiting for readiness", async () => {
    const { container, calls } = fakeContainer();
    const handle = handleOf({
      component: "fake",
      container,
      ready: readyAfter(calls, 0),
      follow: async (since) => {
        calls.push(`follow since=${since}`);
      },
    });
    await handle.stop();
    await handle.start();
    expect(calls).toEqual(["stop t=10", "start", `follow since=${Date.parse(STARTED_AT) / 1000}`, "probe"]);
  });

  it("stops the container again when it does not become ready, and says so", async () => {
    const { container, calls, state } = fakeContainer();
    const handle = handleOf({
      component: "fake",
      container,
      ready: async () => {
        calls.push("ready");
        throw new Error("never ready");
      },
    });
    await handle.kill();
    await expect(handle.start()).rejects.toThrow("never ready");
    expect(calls).toEqual(["kill SIGKILL", "start", "ready", "stop t=10"]);
    expect(state).toMatchObject({ running: false, removed: false });
    expect(handle.running).toBe(false);
  });

  it("names the host port when it was taken while the container was stopped", async () => {
    const { container, calls, state } = fakeContainer();
    const handle = handleOf({ component: "fake", container, ready: readyAfter(calls, 0), hostPorts: [18082] });
    await handle.stop();
    state.startError = engineError(500, "Bind for 0.0.0.0:18082 failed: port is already allocated");
    const refusal = handle.start();
    await expect(refusal).rejects.toMatchObject({ code: ErrorCode.PortInUse, context: { hostPorts: [18082] } });
    await expect(refusal).rejects.toThrow(/18082/);
    state.startError = engineError(500, "something else");
    await expect(handle.start()).rejects.toMatchObject({ code: ErrorCode.StartFailed });
    expect(calls.filter((call) => call === "probe")).toEqual([]);
  });

  it("removes the container, with its volumes, only when disposed of: after a graceful stop, and once", async () => {
    const { container, calls, state } = fakeContainer();
    const handle = handleOf({ component: "fake", container, ready: readyAfter(calls, 0) });
    await handle.stop();
    await handle.start();
    expect(state.removed).toBe(false);
    await handle[Symbol.asyncDispose]();
    await handle[Symbol.asyncDispose]();
    expect(calls).toEqual(["stop t=10", "start", "probe", "stop t=10", "remove v=true force=true"]);
    expect(state.removed).toBe(true);
    await expect(handle.start()).rejects.toMatchObject({ code: ErrorCode.StartFailed });
    expect(calls.at(-1)).toBe("remove v=true force=true");
  });

  it("removes a killed container when disposed of, without stopping it again", async () => {
    const { container, calls, state } = fakeContainer();
    const handle = handleOf({ component: "fake", container, ready: readyAfter(calls, 0) });
    await handle.kill();
    await handle[Symbol.asyncDispose]();
    expect(calls).toEqual(["kill SIGKILL", "remove v=true force=true"]);
    expect(state.removed).toBe(true);
  });

  it("takes a container already gone as removed", async () => {
    const { container, calls, state } = fakeContainer();
    const run = containerRun({ component: "fake", container, ready: readyAfter(calls, 0) });
    state.removed = true;
    await expect(run.remove()).resolves.toBeUndefined();
  });
});

describe("an HTTP readiness probe", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it("answers once the URL answers the status, and the body is as wanted", async () => {
    const answers = [
      { status: 503, body: "starting" },
      { status: 200, body: "[]" },
      { status: 200, body: '["sink"]' },
    ];
    const seen: string[] = [];
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      const { status, body } = answers.shift() ?? { status: 200, body: '["sink"]' };
      response.writeHead(status).end(body);
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const probe = httpProbe(`http://127.0.0.1:${port}/connectors`, 200, (body) =>
      (JSON.parse(body) as string[]).includes("sink"),
    );
    await expect(probe()).rejects.toThrow(/answered 503/);
    await expect(probe()).rejects.toThrow(/not yet as wanted/);
    await expect(probe()).resolves.toBe(true);
    expect(seen).toEqual(["GET /connectors", "GET /connectors", "GET /connectors"]);
  });
});
