import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { proxyWithFakeBackend } from "./fake-backend.ts";

// What sits in front of the API (reference §7): CORS, the rate limit, and endpoint allow/block lists.
const V2 = "application/vnd.kafka.v2+json";
const JSON_V2 = "application/vnd.kafka.json.v2+json";

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

/** A listening proxy (CORS is answered at the HTTP layer, before dispatch). */
async function listen(props: Record<string, string>): Promise<string> {
  const proxy = proxyWithFakeBackend(props);
  await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
  open.push(async () => {
    await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    await proxy.close();
  });
  return `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
}

const produceBody = '{"records":[{"value":1}]}';

describe("CORS", () => {
  it("is off by default", async () => {
    const url = await listen({});
    const r = await fetch(`${url}/`, { headers: { Origin: "http://app.example" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("echoes an allowed origin with credentials, and answers a preflight itself", async () => {
    const url = await listen({ "access.control.allow.origin": "http://app.example" });
    const simple = await fetch(`${url}/`, { headers: { Origin: "http://app.example" } });
    expect(simple.status).toBe(200);
    expect(simple.headers.get("access-control-allow-origin")).toBe("http://app.example");
    expect(simple.headers.get("access-control-allow-credentials")).toBe("true");
    // The CORS filter's Vary, then GzipHandler's, joined as Jetty's addCSV joins them.
    expect(simple.headers.get("vary")).toBe("Origin, Accept-Encoding");
    expect(simple.headers.get("access-control-max-age")).toBeNull();

    const preflight = await fetch(`${url}/topics/t`, {
      method: "OPTIONS",
      headers: { Origin: "http://app.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(200);
    expect(await preflight.text()).toBe("");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,POST,HEAD");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("X-Requested-With,Content-Type,Accept,Origin");
    expect(preflight.headers.get("access-control-max-age")).toBe("1800");

    const stranger = await fetch(`${url}/`, { headers: { Origin: "http://evil.example" } });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("takes * for any origin and the configured methods and headers", async () => {
    const url = await listen({
      "access.control.allow.origin": "*",
      "access.control.allow.methods": "GET,POST,DELETE",
      "access.control.allow.headers": "Content-Type",
    });
    const preflight = await fetch(`${url}/`, {
      method: "OPTIONS",
      headers: { Origin: "http://x.example", "Access-Control-Request-Method": "DELETE" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://x.example");
    expect(preflight.headers.get("vary")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,POST,DELETE");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("Content-Type");
  });
});

describe("rate limit", () => {
  it("answers 429 with the real message once the permits per second are spent", async () => {
    const url = await listen({ "rate.limit.enable": "true", "rate.limit.permits.per.sec": "2" });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await fetch(`${url}/`));
    expect(answers.slice(0, 2).map((a) => a.status)).toEqual([200, 200]);
    expect(answers[2]!.status).toBe(429);
    expect(await answers[2]!.json()).toEqual({
      error_code: 429,
      message: "Request rate limit exceeded: The rate limit of requests per second has been exceeded.",
    });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await fetch(`${url}/`)).status).toBe(200);
  });

  it("is off by default", async () => {
    const url = await listen({});
    const statuses = [];
    for (let i = 0; i < 60; i++) statuses.push((await fetch(`${url}/`)).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe("endpoint allow and block lists", () => {
  const produce = (url: string) =>
    fetch(`${url}/topics/t`, { method: "POST", headers: { "Content-Type": JSON_V2 }, body: produceBody });

  it("a blocked endpoint is a 404 while the rest is served", async () => {
    const url = await listen({ "api.endpoints.blocklist": "api.v2.produce-to-topic" });
    const blocked = await produce(url);
    expect(blocked.status).toBe(404);
    expect(await blocked.json()).toEqual({ error_code: 404, message: "HTTP 404 Not Found" });
    expect((await fetch(`${url}/`)).status).toBe(200);
    const toPartition = await fetch(`${url}/topics/t/partitions/0`, {
      method: "POST",
      headers: { "Content-Type": JSON_V2 },
      body: produceBody,
    });
    expect(toPartition.status).toBe(200);
  });

  it("an allowlist serves only what it names (with .* wildcards)", async () => {
    const url = await listen({ "api.endpoints.allowlist": "api.v2.root.*" });
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect((await fetch(`${url}/`, { method: "POST", headers: { "Content-Type": V2 } })).status).toBe(200);
    expect((await produce(url)).status).toBe(404);
  });

  it("the blocklist wins over the allowlist", async () => {
    const url = await listen({
      "api.endpoints.allowlist": "api.v2.root.*",
      "api.endpoints.blocklist": "api.v2.root.post",
    });
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect((await fetch(`${url}/`, { method: "POST", headers: { "Content-Type": V2 } })).status).toBe(404);
  });
});
