import { mkdtempSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProxyAgent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedGateway } from "../../../harness/components/gateway/index.ts";
import { startGateway } from "../../../harness/components/gateway/index.ts";
import type { StartedExecuteApiProxy } from "../../../harness/components/gateway/https-proxy/index.ts";
import { isExecuteApiHost, startExecuteApiProxy } from "../../../harness/components/gateway/https-proxy/index.ts";
import { asGatewayHost, parseAuthority } from "../../../harness/components/gateway/https-proxy/hosts.ts";
import type { EchoUpstream } from "../../conformance/gateway/echo-upstream.ts";
import { startEchoUpstream } from "../../conformance/gateway/echo-upstream.ts";

const HOST = "abc123xyz.execute-api.us-east-1.amazonaws.com";

describe("execute-api hosts", () => {
  it("are the default endpoints of REST APIs, in any case, and nothing else", () => {
    expect(isExecuteApiHost(HOST)).toBe(true);
    expect(isExecuteApiHost("ABC123XYZ.Execute-Api.US-EAST-1.amazonaws.com")).toBe(true);
    expect(isExecuteApiHost("abc.execute-api.cn-north-1.amazonaws.com.cn")).toBe(true);
    for (const host of [
      "example.com",
      "execute-api.us-east-1.amazonaws.com",
      "s3.us-east-1.amazonaws.com",
      "abc.execute-api.us-east-1.amazonaws.com.evil.example",
      "a.b.execute-api.us-east-1.amazonaws.com",
      "abc.execute-api.localhost",
    ]) {
      expect(isExecuteApiHost(host), host).toBe(false);
    }
  });

  it("CONNECT targets need a host and a port", () => {
    expect(parseAuthority(`${HOST.toUpperCase()}:443`)).toEqual({ host: HOST, port: 443 });
    expect(parseAuthority("[::1]:443")).toEqual({ host: "[::1]", port: 443 });
    expect(parseAuthority(HOST)).toBeUndefined();
    expect(parseAuthority(`${HOST}:99999`)).toBeUndefined();
  });

  it("reach the gateway under its own API id, region and port kept", () => {
    expect(asGatewayHost(HOST, "gw0000")).toBe("gw0000.execute-api.us-east-1.amazonaws.com");
    expect(asGatewayHost(`${HOST}:443`, "gw0000")).toBe("gw0000.execute-api.us-east-1.amazonaws.com:443");
    expect(asGatewayHost("127.0.0.1:9", "gw0000")).toBe("127.0.0.1:9");
  });
});

/** Sends one CONNECT and returns the proxy's answer: status and whatever body came with it. */
function connect(proxyUrl: string, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(proxyUrl, { method: "CONNECT", path: target, headers: { Host: target } });
    req.on("connect", (res: IncomingMessage, socket, head: Buffer) => {
      if (res.statusCode === 200) {
        socket.destroy();
        resolve({ status: 200, body: "" });
        return;
      }
      const chunks = [head];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("close", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A client that goes through the proxy and trusts its CA only, as the script does with REQUESTS_CA_BUNDLE. */
function trusting(proxy: StartedExecuteApiProxy): ProxyAgent {
  return new ProxyAgent({ uri: proxy.proxyUrl, requestTls: { ca: readFileSync(proxy.caFile, "utf8") } });
}

describe("execute-api proxy", () => {
  let echo: EchoUpstream;
  let gateway: StartedGateway;
  let proxy: StartedExecuteApiProxy;
  let agent: ProxyAgent;

  beforeAll(async () => {
    echo = await startEchoUpstream();
    gateway = await startGateway({ target: echo.url, accessLogFile: false, journalFile: false });
    proxy = await startExecuteApiProxy({ gateway, cacheDir: mkdtempSync(join(tmpdir(), "pinpipe-tls-")) });
    agent = trusting(proxy);
  });
  afterAll(async () => {
    await agent?.close();
    await proxy?.stop();
    await gateway?.stop();
    await echo?.close();
  });

  it("hands a script's HTTPS call to the gateway: stage in the path, the execute-api Host, body as sent", async () => {
    const body = JSON.stringify({ records: [{ value: { index: 1 } }] });
    const response = await request(`https://${HOST}/prod/topics/0a1b2c3d4e5f.pin`, {
      dispatcher: agent,
      method: "POST",
      headers: { "Content-Type": "application/vnd.kafka.json.v2+json" },
      body,
    });
    // 200, not 403: the script's API id became the gateway's, whose host check would refuse any other.
    expect(response.statusCode).toBe(200);
    expect(response.headers["x-amzn-requestid"]).toBeDefined();
    expect(JSON.parse(await response.body.text())).toMatchObject({ method: "POST", url: "/topics/0a1b2c3d4e5f.pin" });
    expect(echo.last().body).toBe(body);
    expect(echo.header(echo.last(), "x-amzn-apigateway-api-id")).toBe(gateway.apiId);
  });

  it("keeps the gateway's answers: a wrong stage is 403 Forbidden, as on AWS", async () => {
    const response = await request(`https://${HOST}/dev/topics/x`, { dispatcher: agent });
    expect(response.statusCode).toBe(403);
    expect(await response.body.json()).toEqual({ message: "Forbidden" });
  });

  it("refuses CONNECT to any other host or port, and plain-HTTP proxy requests, with 403", async () => {
    for (const target of ["example.com:443", `${HOST}:80`, "127.0.0.1:443", "s3.us-east-1.amazonaws.com:443"]) {
      const answer = await connect(proxy.proxyUrl, target);
      expect(answer.status, target).toBe(403);
      expect(answer.body).toContain("execute-api");
    }
    // What HTTP_PROXY would make a client send for http://example.com/.
    const plain = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(proxy.proxyUrl, { path: "http://example.com/", headers: { Host: "example.com" } });
      req.on("response", (res: IncomingMessage) => res.resume().on("end", () => resolve(res.statusCode ?? 0)));
      req.on("error", reject);
      req.end();
    });
    expect(plain).toBe(403);
    await expect(request("https://example.com/", { dispatcher: agent })).rejects.toThrow(/403/);
  });

  it("answers 502 when the gateway behind it is gone", async () => {
    const lone = await startGateway({ target: echo.url, accessLogFile: false, journalFile: false });
    const orphan = await startExecuteApiProxy({ gateway: lone, cacheDir: mkdtempSync(join(tmpdir(), "pinpipe-tls-")) });
    const orphanAgent = trusting(orphan);
    await lone.stop();
    const response = await request(`https://${HOST}/prod/x`, { dispatcher: orphanAgent });
    expect(response.statusCode).toBe(502);
    await response.body.dump();
    await orphanAgent.close();
    await orphan.stop();
  });

  it("stops while a client still holds a kept-alive tunnel", async () => {
    const own = await startExecuteApiProxy({ gateway, cacheDir: mkdtempSync(join(tmpdir(), "pinpipe-tls-")) });
    const ownAgent = trusting(own);
    const response = await request(`https://${HOST}/prod/x`, { dispatcher: ownAgent });
    await response.body.dump();
    await own.stop();
    await expect(request(`https://${HOST}/prod/x`, { dispatcher: ownAgent })).rejects.toThrow();
    await ownAgent.destroy();
  });
});
