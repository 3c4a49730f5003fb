import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyError, createIntegrationClient } from "../../../harness/components/gateway/integration.ts";
import { startFaultProxy } from "../../../harness/faults/net/proxy.ts";
import type { EchoUpstream } from "../../conformance/gateway/echo-upstream.ts";
import { startEchoUpstream } from "../../conformance/gateway/echo-upstream.ts";

// The undici side against a loopback backend: keep-alive reuse, raw header case, timeouts and failures.
describe("integration client", () => {
  let echo: EchoUpstream;
  const client = createIntegrationClient();
  beforeAll(async () => {
    echo = await startEchoUpstream();
  });
  afterAll(async () => {
    await client.destroy();
    await echo.close();
  });

  const send = (headers: [string, string][] = [], timeoutMs = 2000, path = "/x", body = "") =>
    client.send({ origin: echo.url, path, method: body ? "POST" : "GET", headers, body: Buffer.from(body), timeoutMs });

  it("returns status, raw headers (case kept) and the whole body", async () => {
    const outcome = await send([["x-echo-headers", JSON.stringify({ "X-MiXeD": "1" })]]);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.status).toBe(200);
    expect(outcome.headers).toContainEqual(["X-MiXeD", "1"]);
    expect(JSON.parse(outcome.body.toString())).toMatchObject({ method: "GET", url: "/x" });
  });

  it("sends a POST body with Content-Length, also an empty one", async () => {
    await send([], 2000, "/p", "abc");
    expect(echo.header(echo.last(), "content-length")).toBe("3");
    expect(echo.header(echo.last(), "transfer-encoding")).toBeUndefined();
  });

  it("times out at the integration timeout", async () => {
    const started = performance.now();
    const outcome = await send([["x-echo-sleep-ms", "1500"]], 200);
    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({ ok: false, failure: "timeout", detail: "Execution failed due to a timeout error" });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1000);
  });

  it("a reset connection is a network error", async () => {
    const outcome = await send([["x-echo-reset", "1"]]);
    expect(outcome).toMatchObject({ ok: false, failure: "network" });
  });

  it("a closed port is a network error", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const outcome = await client.send({
      origin: `http://127.0.0.1:${port}`,
      path: "/",
      method: "GET",
      headers: [],
      body: Buffer.alloc(0),
      timeoutMs: 2000,
    });
    expect(outcome).toMatchObject({ ok: false, failure: "network" });
  });

  it("an unresolvable host is a configuration error", async () => {
    const outcome = await client.send({
      origin: "http://pinpipe-no-such-host.invalid:8082",
      path: "/",
      method: "GET",
      headers: [],
      body: Buffer.alloc(0),
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject({ ok: false, failure: "configuration" });
  });

  it("reuses pooled connections", async () => {
    const before = echo.connections();
    for (let index = 0; index < 10; index += 1) expect((await send()).ok).toBe(true);
    // undici may open a second socket while the first is being released; it never opens one per call.
    expect(echo.connections() - before).toBeLessThanOrEqual(2);
  });

  it("connectVia sends a routed origin's connections through another address, keeping the request's Host", async () => {
    const fault = await startFaultProxy({ target: { host: "127.0.0.1", port: Number(new URL(echo.url).port) } });
    const origin = new URL(echo.url);
    const routed = createIntegrationClient({
      connectVia: [
        { from: { host: origin.hostname, port: Number(origin.port) }, to: { host: fault.host, port: fault.port } },
      ],
    });
    try {
      const request = {
        origin: echo.url,
        path: "/via",
        method: "GET",
        headers: [],
        body: Buffer.alloc(0),
        timeoutMs: 2000,
      };
      expect((await routed.send(request)).ok).toBe(true);
      expect(fault.connections()).toBe(1);
      expect(echo.header(echo.last(), "host")).toBe(origin.host);

      // The proxy refuses while its target is down, so the gateway reads a refusal, not a reset.
      await routed.destroy();
      fault.targetDown();
      const again = createIntegrationClient({
        connectVia: [
          { from: { host: origin.hostname, port: Number(origin.port) }, to: { host: fault.host, port: fault.port } },
        ],
      });
      try {
        expect(await again.send(request)).toMatchObject({
          ok: false,
          failure: "network",
          detail: "Execution failed due to a network error communicating with endpoint: Connection refused",
        });
      } finally {
        await again.destroy();
      }
    } finally {
      await routed.destroy();
      await fault.stop();
    }
  });

  it("classifies transport errors", () => {
    expect(classifyError(Object.assign(new Error("x"), { code: "ECONNREFUSED" })).failure).toBe("network");
    expect(classifyError(Object.assign(new Error("x"), { code: "ENOTFOUND" })).failure).toBe("configuration");
    expect(classifyError(new AggregateError([Object.assign(new Error("x"), { code: "ECONNRESET" })])).detail).toMatch(
      /reset by peer/,
    );
    expect(classifyError(Object.assign(new Error("x"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" })).failure).toBe(
      "configuration",
    );
  });
});
