import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayOptions, StartedGateway } from "../../../harness/components/gateway/index.ts";
import { readJournal, startGateway } from "../../../harness/components/gateway/index.ts";
import { call } from "./client.ts";
import type { EchoRecord, EchoUpstream } from "./echo-upstream.ts";
import { startEchoUpstream } from "./echo-upstream.ts";

// The reference checklist (api-gateway.md §12) against the real gateway over loopback HTTP. The backend is the
// echo upstream: it shows exactly what the integration received, which the real REST proxy cannot.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAT = '{"message":"Missing Authentication Token"}';

let echo: EchoUpstream;
let dir: string;
const started: StartedGateway[] = [];

async function gateway(options: Partial<GatewayOptions> = {}): Promise<StartedGateway> {
  const name = `gw-${started.length}`;
  const handle = await startGateway({
    target: echo.url,
    apiId: "a1b2c3d4e5",
    accessLogFile: join(dir, `${name}-access.log`),
    journalFile: join(dir, `${name}-journal.jsonl`),
    ...options,
  });
  started.push(handle);
  return handle;
}

function received(record: EchoRecord, name: string): string | undefined {
  return echo.header(record, name);
}

let gw: StartedGateway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-"));
  echo = await startEchoUpstream();
  gw = await gateway();
});

afterAll(async () => {
  await Promise.all(started.map((handle) => handle.stop()));
  await echo.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("routing (checklist 1-9)", () => {
  it("1. GET /prod/topics reaches GET /topics; status and body unchanged", async () => {
    const response = await call(`${gw.invokeUrl}/topics`, {
      headers: { "x-echo-body": '["a"]', "x-echo-status": "200" },
    });
    expect(echo.last()).toMatchObject({ method: "GET", url: "/topics" });
    expect(response.status).toBe(200);
    expect(response.text).toBe('["a"]');
  });

  it("2. POST with a query: same path, repeated keys, same bytes, Content-Length recomputed", async () => {
    const body = '{"records":[{"value":{"x":1}}]}';
    await call(`${gw.invokeUrl}/topics/t1?x=1&x=2`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    const record = echo.last();
    expect(record).toMatchObject({ method: "POST", url: "/topics/t1?x=1&x=2", body });
    expect(received(record, "content-length")).toBe(String(Buffer.byteLength(body)));
  });

  it.each([`/prod`, `/prod/`])("3. GET %s is 403 MAT (42 bytes); the backend is not called", async (path) => {
    const before = echo.calls.length;
    const response = await call(`http://127.0.0.1:${gw.port}${path}`);
    expect(response.status).toBe(403);
    expect(response.text).toBe(MAT);
    expect(response.body.length).toBe(42);
    expect(response.header("x-amzn-ErrorType")).toBe("MissingAuthenticationTokenException");
    expect(response.header("content-type")).toBe("application/json");
    expect(echo.calls.length).toBe(before);
  });

  it("4. GET /nope/topics is 403 Forbidden", async () => {
    const response = await call(`http://127.0.0.1:${gw.port}/nope/topics`);
    expect(response.status).toBe(403);
    expect(response.text).toBe('{"message":"Forbidden"}');
  });

  it("5. TRACE /prod/x is 403 MAT", async () => {
    const before = echo.calls.length;
    const response = await call(`${gw.invokeUrl}/x`, { method: "TRACE" });
    expect(response.status).toBe(403);
    expect(response.text).toBe(MAT);
    expect(echo.calls.length).toBe(before);
  });

  it("6. GET /prod/a/ reaches /a", async () => {
    await call(`${gw.invokeUrl}/a/`);
    expect(echo.last().path).toBe("/a");
  });

  it("7. /prod/a//b reaches /a//b; /prod//a reaches /a", async () => {
    await call(`${gw.invokeUrl}/a//b`);
    expect(echo.last().path).toBe("/a//b");
    await call(`${gw.invokeUrl}//a`);
    expect(echo.last().path).toBe("/a");
  });

  it("8. percent-encodings in the path pass unchanged", async () => {
    await call(`${gw.invokeUrl}/a%2Fb%20c`);
    expect(echo.last().path).toBe("/a%2Fb%20c");
    await call(`${gw.invokeUrl}/x/a%2Bb@c/d+e`);
    expect(echo.last().path).toBe("/x/a%2Bb@c/d+e");
  });

  it("9. query values decode to a+b and a b", async () => {
    await call(`${gw.invokeUrl}/q?email=a%2Bb&p=a+b`);
    const query = new URLSearchParams(echo.last().query);
    expect(query.get("email")).toBe("a+b");
    expect(query.get("p")).toBe("a b");
  });

  it("the host form <apiId>.execute-api.localhost is accepted", async () => {
    const response = await call(`${gw.invokeUrl}/hostform`, {
      headers: { Host: `${gw.apiId}.execute-api.localhost:${gw.port}` },
    });
    expect(response.status).toBe(200);
    expect(echo.last().path).toBe("/hostform");
  });
});

describe("request headers (checklist 10-14)", () => {
  it("10. hop-by-hop and listed headers never reach the backend", async () => {
    const dropped = {
      Expect: "100-continue",
      TE: "trailers",
      Trailer: "X-T",
      Upgrade: "websocket",
      Via: "1.1 proxy",
      "Max-Forwards": "3",
      "Content-MD5": "Q2hlY2sgSW50ZWdyaXR5IQ==",
      "Content-Encoding": "identity",
      "Proxy-Authenticate": "Basic",
      Server: "client",
      "WWW-Authenticate": "Basic",
    };
    // Sent chunked, since Node's client only allows a Trailer header on a chunked body.
    const response = await call(`${gw.invokeUrl}/h`, {
      method: "POST",
      headers: { ...dropped, Connection: "keep-alive, TE, Upgrade" },
      chunks: ["{}"],
    });
    expect(response.status).toBe(200);
    const record = echo.last();
    for (const name of Object.keys(dropped)) expect(received(record, name), name).toBeUndefined();
    // The integration connection carries its own Connection header, never the client's tokens.
    expect(received(record, "connection") ?? "keep-alive").toBe("keep-alive");
  });

  it("11. Host is the integration host", async () => {
    await call(`${gw.invokeUrl}/h`, { headers: { Host: "x" } });
    expect(received(echo.last(), "host")).toBe(`127.0.0.1:${echo.port}`);
  });

  it("12. X-Forwarded-For gets the client appended; port 443 and proto https overwrite", async () => {
    await call(`${gw.invokeUrl}/h`, {
      headers: { "X-Forwarded-For": "1.1.1.1", "X-Forwarded-Port": "80", "X-Forwarded-Proto": "http" },
    });
    const record = echo.last();
    expect(received(record, "x-forwarded-for")).toBe("1.1.1.1, 127.0.0.1");
    expect(received(record, "x-forwarded-port")).toBe("443");
    expect(received(record, "x-forwarded-proto")).toBe("https");
  });

  it("13. no User-Agent: AmazonAPIGateway_<apiId>; a client one is kept", async () => {
    await call(`${gw.invokeUrl}/h`);
    expect(received(echo.last(), "user-agent")).toBe("AmazonAPIGateway_a1b2c3d4e5");
    await call(`${gw.invokeUrl}/h`, { headers: { "User-Agent": "python-requests/2.31.0" } });
    expect(received(echo.last(), "user-agent")).toBe("python-requests/2.31.0");
  });

  it("14. X-Amzn-Apigateway-Api-Id and X-Amzn-Trace-Id on every call; an incoming Root is reused", async () => {
    await call(`${gw.invokeUrl}/h`);
    expect(received(echo.last(), "x-amzn-apigateway-api-id")).toBe("a1b2c3d4e5");
    expect(received(echo.last(), "x-amzn-trace-id")).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
    await call(`${gw.invokeUrl}/h`, { headers: { "X-Amzn-Trace-Id": trace } });
    expect(received(echo.last(), "x-amzn-trace-id")).toBe(trace);
  });

  it("passes Accept, Authorization (non-SigV4), Content-Type and custom headers unchanged", async () => {
    const headers = {
      Accept: "application/vnd.kafka.v2+json",
      Authorization: "Bearer x",
      "Content-Type": "application/vnd.kafka.json.v2+json",
      "X-Custom": "Value With Spaces",
    };
    await call(`${gw.invokeUrl}/h`, { method: "POST", headers, body: "{}" });
    for (const [name, value] of Object.entries(headers)) expect(received(echo.last(), name)).toBe(value);
  });
});

describe("responses (checklist 15-19, 26, 28)", () => {
  it("15. the backend's Date, Server, Connection, Content-Length and x-amzn-RequestId are remapped", async () => {
    const agent = new Agent({ keepAlive: true });
    const response = await call(`${gw.invokeUrl}/r`, {
      agent,
      headers: { "x-echo-headers": JSON.stringify({ Server: "Jetty(9.4)", "x-amzn-RequestId": "backend-id" }) },
    });
    agent.destroy();
    expect(response.header("x-amzn-Remapped-Server")).toBe("Jetty(9.4)");
    expect(response.header("x-amzn-Remapped-x-amzn-RequestId")).toBe("backend-id");
    expect(response.header("x-amzn-Remapped-Connection")).toBe("keep-alive");
    expect(response.header("x-amzn-Remapped-Content-Length")).toBe(String(response.body.length));
    expect(response.header("x-amzn-Remapped-Date")).toMatch(/GMT$/);
    expect(response.header("Connection")).toBe("keep-alive");
    expect(response.header("Content-Length")).toBe(String(response.body.length));
    expect(response.header("x-amzn-RequestId")).toMatch(UUID);
    expect(response.header("Server")).toBeUndefined();
    expect(response.header("Keep-Alive")).toBeUndefined();
  });

  it("16. a backend 404 passes through unchanged, without x-amzn-ErrorType", async () => {
    const body = '{"error_code":40403,"message":"This server does not host this topic-partition."}';
    const response = await call(`${gw.invokeUrl}/topics/nope`, {
      headers: { "x-echo-status": "404", "x-echo-body": body },
    });
    expect(response.status).toBe(404);
    expect(response.text).toBe(body);
    expect(response.header("x-amzn-ErrorType")).toBeUndefined();
  });

  it("17. a backend without Content-Type: the client gets application/json", async () => {
    const response = await call(`${gw.invokeUrl}/r`, { headers: { "x-echo-no-content-type": "1" } });
    expect(response.header("content-type")).toBe("application/json");
  });

  it("18. every response: UUID x-amzn-RequestId, 16-char x-amz-apigw-id, Date; no X-Amzn-Trace-Id or Server", async () => {
    for (const url of [`${gw.invokeUrl}/r`, `${gw.invokeUrl}`, `http://127.0.0.1:${gw.port}/nope`]) {
      const response = await call(url);
      expect(response.header("x-amzn-RequestId")).toMatch(UUID);
      expect(response.header("x-amz-apigw-id")).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(response.header("Date")).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(response.header("X-Amzn-Trace-Id")).toBeUndefined();
      expect(response.header("Server")).toBeUndefined();
      expect(response.headers.filter(([name]) => name.toLowerCase() === "date")).toHaveLength(1);
    }
  });

  it("19. a client x-amzn-RequestId UUID is echoed and logged as $context.requestId", async () => {
    const id = "6f0c2a47-8f7e-4a55-9c1e-0d6a1b2c3d4e";
    const response = await call(`${gw.invokeUrl}/r`, { headers: { "x-amzn-RequestId": id } });
    expect(response.header("x-amzn-RequestId")).toBe(id);
    await gw.stop();
    const lines = readFileSync(gw.accessLogFile ?? "", "utf8")
      .trim()
      .split("\n");
    expect(lines.map((line) => JSON.parse(line).requestId)).toContain(id);
    gw = await gateway();
  });

  it("26. a chunked backend response arrives with Content-Length, identical bytes", async () => {
    const direct = await call(`${echo.url}/c`, {
      headers: { "x-echo-chunked": "1", "x-echo-body": "0123456789abcdef" },
    });
    expect(direct.header("transfer-encoding")).toBe("chunked");
    const response = await call(`${gw.invokeUrl}/c`, {
      headers: { "x-echo-chunked": "1", "x-echo-body": "0123456789abcdef" },
    });
    expect(response.header("transfer-encoding")).toBeUndefined();
    expect(response.header("content-length")).toBe("16");
    expect(response.text).toBe("0123456789abcdef");
  });

  it("28. a gzipped backend body passes through still gzipped", async () => {
    const response = await call(`${gw.invokeUrl}/z`, { headers: { "x-echo-gzip": "1", "x-echo-body": "hello" } });
    expect(response.header("content-encoding")).toBe("gzip");
    expect(gunzipSync(response.body).toString()).toBe("hello");
  });
});

describe("request bodies (checklist 23, 27)", () => {
  it("27. a chunked client body reaches the backend with Content-Length, identical bytes", async () => {
    await call(`${gw.invokeUrl}/b`, { method: "POST", chunks: ['{"records":', '[{"value":1}]}'] });
    const record = echo.last();
    expect(record.body).toBe('{"records":[{"value":1}]}');
    expect(received(record, "content-length")).toBe("25");
    expect(received(record, "transfer-encoding")).toBeUndefined();
  });

  it("23. 10485761 bytes: 413 text, no CORS, backend not called; exactly 10485760 is forwarded", async () => {
    const cors = await gateway({ cors: true });
    const before = echo.calls.length;
    const over = await call(`${cors.invokeUrl}/big`, { method: "POST", body: Buffer.alloc(10_485_761, 97) });
    expect(over.status).toBe(413);
    expect(over.text).toBe("HTTP content length exceeded 10485760 bytes.");
    expect(over.header("x-amzn-ErrorType")).toBeUndefined();
    expect(over.headerNames().some((name) => name.toLowerCase().startsWith("access-control-"))).toBe(false);
    expect(echo.calls.length).toBe(before);
    const chunked = await call(`${cors.invokeUrl}/big`, {
      method: "POST",
      chunks: [Buffer.alloc(10_485_760, 97), Buffer.from("b")],
    });
    expect(chunked.status).toBe(413);
    const exact = await call(`${cors.invokeUrl}/big`, {
      method: "POST",
      headers: { "x-echo-body": "ok" },
      body: Buffer.alloc(10_485_760, 97),
    });
    expect(exact.status).toBe(200);
    expect(echo.last().bodyBytes).toBe(10_485_760);
  });
});

describe("integration failures (checklist 20-22)", () => {
  it("20. a backend slower than the timeout: 504 Endpoint request timed out (41 bytes) at the timeout", async () => {
    const fast = await gateway({ timeoutMs: 500 });
    const begin = performance.now();
    const response = await call(`${fast.invokeUrl}/slow`, { headers: { "x-echo-sleep-ms": "3000" } });
    const elapsed = performance.now() - begin;
    expect(response.status).toBe(504);
    expect(response.text).toBe('{"message": "Endpoint request timed out"}');
    expect(response.body.length).toBe(41);
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(2500);
  });

  it("21. backend reset or port closed: 504 Network error (56 bytes)", async () => {
    const reset = await call(`${gw.invokeUrl}/reset`, { headers: { "x-echo-reset": "1" } });
    expect(reset.status).toBe(504);
    expect(reset.text).toBe('{"message": "Network error communicating with endpoint"}');
    expect(reset.body.length).toBe(56);
    expect(reset.header("x-amzn-ErrorType")).toBe("InternalServerErrorException");

    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const down = await gateway({ target: `http://127.0.0.1:${closedPort}` });
    const refused = await call(`${down.invokeUrl}/topics`);
    expect(refused.status).toBe(504);
    expect(refused.text).toBe('{"message": "Network error communicating with endpoint"}');
  });

  it("22. an unresolvable backend host: 500 Internal server error (36 bytes)", async () => {
    const broken = await gateway({ target: "http://pinpipe-no-such-host.invalid:8082" });
    const response = await call(`${broken.invokeUrl}/topics`);
    expect(response.status).toBe(500);
    expect(response.text).toBe('{"message": "Internal server error"}');
    expect(response.body.length).toBe(36);
    expect(response.header("x-amzn-ErrorType")).toBe("InternalServerErrorException");
  });
});

describe("throttling, auth, CORS (checklist 24, 25, 29-31)", () => {
  it("24. stage throttle 0/0: 429 Too Many Requests, no Retry-After", async () => {
    const throttled = await gateway({ throttle: { rateLimit: 0, burstLimit: 0 } });
    const response = await call(`${throttled.invokeUrl}/t`);
    expect(response.status).toBe(429);
    expect(response.text).toBe('{"message":"Too Many Requests"}');
    expect(response.header("x-amzn-ErrorType")).toBe("TooManyRequestsException");
    expect(response.header("retry-after")).toBeUndefined();
  });

  it("25. an unknown route with Authorization: Bearer x is 403 IncompleteSignatureException", async () => {
    const response = await call(`${gw.invokeUrl}`, { headers: { Authorization: "Bearer x" } });
    expect(response.status).toBe(403);
    expect(response.header("x-amzn-ErrorType")).toBe("IncompleteSignatureException");
    expect(response.text).toMatch(
      /^\{"message":"Invalid key=value pair \(missing equal-sign\) in Authorization header \(hashed with SHA-256 and encoded with Base64\): '[A-Za-z0-9+/]{43}='\."\}$/,
    );
  });

  it("API key required: 403 Forbidden without x-api-key, forwarded with it", async () => {
    const keyed = await gateway({ apiKeys: ["k-123"] });
    const refused = await call(`${keyed.invokeUrl}/k`);
    expect(refused.status).toBe(403);
    expect(refused.text).toBe('{"message":"Forbidden"}');
    expect(refused.header("x-amzn-ErrorType")).toBe("ForbiddenException");
    const allowed = await call(`${keyed.invokeUrl}/k`, { headers: { "x-api-key": "k-123" } });
    expect(allowed.status).toBe(200);
    expect(received(echo.last(), "x-api-key")).toBe("k-123");
  });

  it("29. OPTIONS without a CORS method goes to the backend", async () => {
    await call(`${gw.invokeUrl}/x`, { method: "OPTIONS", headers: { Origin: "http://a" } });
    expect(echo.last()).toMatchObject({ method: "OPTIONS", path: "/x" });
  });

  it("30. with the console MOCK OPTIONS: 200, three Access-Control-Allow-* values, backend not called", async () => {
    const cors = await gateway({ cors: true });
    const before = echo.calls.length;
    const response = await call(`${cors.invokeUrl}/x`, { method: "OPTIONS", headers: { Origin: "http://a" } });
    expect(response.status).toBe(200);
    expect(response.header("Access-Control-Allow-Headers")).toBe(
      "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token",
    );
    expect(response.header("Access-Control-Allow-Methods")).toBe("DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT");
    expect(response.header("Access-Control-Allow-Origin")).toBe("*");
    expect(echo.calls.length).toBe(before);
    // Normal responses get no CORS headers from the gateway: with a proxy integration the backend owns them.
    const get = await call(`${cors.invokeUrl}/x`);
    expect(get.headerNames().some((name) => name.toLowerCase().startsWith("access-control-"))).toBe(false);
  });

  it("31. gateway errors (403, 429, 5xx) carry no Access-Control-* headers", async () => {
    const cors = await gateway({ cors: true, timeoutMs: 200 });
    const throttled = await gateway({ cors: true, throttle: { rateLimit: 0, burstLimit: 0 } });
    const responses = await Promise.all([
      call(`${cors.invokeUrl}`),
      call(`http://127.0.0.1:${cors.port}/nope/x`),
      call(`${throttled.invokeUrl}/x`),
      call(`${cors.invokeUrl}/x`, { headers: { "x-echo-sleep-ms": "1000" } }),
    ]);
    expect(responses.map((response) => response.status)).toEqual([403, 403, 429, 504]);
    for (const response of responses) {
      expect(response.headerNames().some((name) => name.toLowerCase().startsWith("access-control-"))).toBe(false);
    }
  });
});

describe("logs (checklist 32, journal)", () => {
  it("32. CLF access log: /{proxy+}, CLF requestTime, - for caller and user", async () => {
    const clf = await gateway({ accessLogFormat: "clf" });
    const response = await call(`${clf.invokeUrl}/topics/t?x=1`, { method: "POST", body: "{}" });
    await clf.stop();
    const line = readFileSync(clf.accessLogFile ?? "", "utf8").trim();
    expect(line).toMatch(
      /^127\.0\.0\.1 - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "POST \/\{proxy\+\} HTTP\/1\.1" 200 \d+ [0-9a-f-]{36} [A-Za-z0-9+/]{15}=$/,
    );
    expect(line).toContain(response.header("x-amzn-RequestId") ?? "missing");
    expect(line).toContain(` 200 ${response.body.length} `);
  });

  it("$context.path keeps the stage and the trailing slash", async () => {
    const custom = await gateway({ accessLogFormat: "$context.path $context.resourcePath $context.stage" });
    await call(`${custom.invokeUrl}/topics/t/`);
    await custom.stop();
    expect(readFileSync(custom.accessLogFile ?? "", "utf8")).toBe("/prod/topics/t/ /{proxy+} prod\n");
  });

  it("the journal holds both sides of every exchange", async () => {
    const journaled = await gateway();
    await call(`${journaled.invokeUrl}/topics/j?x=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "x-echo-body": '{"ok":1}' },
      body: '{"records":[]}',
    });
    await call(`${journaled.invokeUrl}`);
    await journaled.stop();
    const entries = await readJournal(journaled.journalFile ?? "");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      method: "POST",
      url: "/prod/topics/j?x=1",
      status: 200,
      request: { body: { text: '{"records":[]}' } },
      response: { body: { text: '{"ok":1}' } },
      integration: { url: `${echo.url}/topics/j?x=1`, status: 200 },
    });
    expect(entries[1]).toMatchObject({
      status: 403,
      integration: null,
      error: { responseType: "MISSING_AUTHENTICATION_TOKEN" },
    });
  });
});
