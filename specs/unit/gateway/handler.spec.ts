import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { GatewayRequest } from "../../../harness/components/gateway/handler.ts";
import type { HeaderPair } from "../../../harness/components/gateway/headers.ts";
import type {
  IntegrationClient,
  UpstreamOutcome,
  UpstreamRequest,
} from "../../../harness/components/gateway/integration.ts";
import { memoryLines } from "../../../harness/components/gateway/line-file.ts";
import { createGatewayServer } from "../../../harness/components/gateway/server.ts";
import type { GatewayServerOptions } from "../../../harness/components/gateway/server.ts";

/** An integration that records what it was sent and answers from a script: no sockets. */
function fakeIntegration(answer: (request: UpstreamRequest) => UpstreamOutcome = () => ok(200, [], "{}")) {
  const sent: UpstreamRequest[] = [];
  const client: IntegrationClient = {
    send: async (request) => {
      sent.push(request);
      return answer(request);
    },
    close: async () => {},
    destroy: async () => {},
  };
  return { sent, client };
}

function ok(status: number, headers: HeaderPair[], body: string): UpstreamOutcome {
  return { ok: true, status, headers, body: Buffer.from(body), latencyMs: 3 };
}

function request(method: string, url: string, headers: HeaderPair[] = [], body = ""): GatewayRequest {
  return {
    method,
    url,
    rawHeaders: [["Host", "127.0.0.1:4000"], ...headers].flat(),
    body: Buffer.from(body),
    sourceIp: "127.0.0.1",
    keepAlive: true,
  };
}

function gateway(options: Partial<GatewayServerOptions> = {}, answer?: (request: UpstreamRequest) => UpstreamOutcome) {
  const integration = fakeIntegration(answer);
  const accessLog = memoryLines();
  const journal = memoryLines();
  const server = createGatewayServer({
    target: "http://127.0.0.1:8082",
    apiId: "a1b2c3d4e5",
    integration: integration.client,
    accessLog,
    journal,
    now: () => Date.UTC(2024, 0, 5, 3, 4, 5),
    ...options,
  });
  return { server, sent: integration.sent, accessLog, journal };
}

const header = (pairs: HeaderPair[], name: string): string | undefined =>
  pairs.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

describe("gateway handler: routing", () => {
  it("forwards /prod/<path> to <target>/<path> with the client's query, without the stage", async () => {
    const { server, sent } = gateway();
    const { response } = await server.handle(request("POST", "/prod/topics/t1?x=1&x=2", [], '{"a":1}'));
    expect(response.status).toBe(200);
    expect(sent[0]).toMatchObject({ origin: "http://127.0.0.1:8082", path: "/topics/t1?x=1&x=2", method: "POST" });
    expect(sent[0]?.body.toString()).toBe('{"a":1}');
    expect(sent[0]?.timeoutMs).toBe(29_000);
  });

  it.each([
    ["/prod/a/", "/a"],
    ["/prod/a//b", "/a//b"],
    ["/prod//a", "/a"],
    ["//prod/a", "/a"],
    ["/prod/a%2Fb%20c", "/a%2Fb%20c"],
    ["/prod/x/a%2Bb@c/d+e", "/x/a%2Bb@c/d+e"],
    ["/prod/q?email=a%2Bb&p=a+b", "/q?email=a%2Bb&p=a%20b"],
  ])("%s reaches the backend as %s", async (url, path) => {
    const { server, sent } = gateway();
    await server.handle(request("GET", url));
    expect(sent[0]?.path).toBe(path);
  });

  it.each(["/prod", "/prod/", "/prod?x=1"])("%s is the root, which has no method: 403 MAT", async (url) => {
    const { server, sent } = gateway();
    const { response } = await server.handle(request("GET", url));
    expect(response.status).toBe(403);
    expect(response.body.toString()).toBe('{"message":"Missing Authentication Token"}');
    expect(header(response.headers, "x-amzn-ErrorType")).toBe("MissingAuthenticationTokenException");
    expect(header(response.headers, "content-type")).toBe("application/json");
    expect(sent).toHaveLength(0);
  });

  it("answers another stage, and another api id in the host form, with 403 Forbidden", async () => {
    const { server, sent } = gateway();
    for (const [url, host] of [
      ["/nope/topics", "127.0.0.1:4000"],
      ["/", "127.0.0.1:4000"],
      ["/prod/topics", "zzz.execute-api.localhost:4000"],
    ] as const) {
      const { response } = await server.handle({ ...request("GET", url), rawHeaders: ["Host", host] });
      expect(response.status).toBe(403);
      expect(response.body.toString()).toBe('{"message":"Forbidden"}');
      expect(header(response.headers, "x-amzn-ErrorType")).toBe("ForbiddenException");
    }
    expect(sent).toHaveLength(0);
  });

  it("accepts the host form with its own api id, in any case", async () => {
    const { server, sent } = gateway();
    const { response } = await server.handle({
      ...request("GET", "/prod/topics"),
      rawHeaders: ["Host", "A1B2C3D4E5.execute-api.localhost:4000"],
    });
    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it("a verb outside ANY's seven is 403 MAT", async () => {
    const { server, sent } = gateway();
    const { response } = await server.handle(request("TRACE", "/prod/x"));
    expect(response.status).toBe(403);
    expect(header(response.headers, "x-amzn-ErrorType")).toBe("MissingAuthenticationTokenException");
    expect(sent).toHaveLength(0);
  });

  it("applies X-HTTP-Method-Override and does not forward it", async () => {
    const { server, sent } = gateway();
    await server.handle(request("POST", "/prod/x", [["X-HTTP-Method-Override", "put"]]));
    expect(sent[0]?.method).toBe("PUT");
    expect(header(sent[0]?.headers ?? [], "x-http-method-override")).toBeUndefined();
  });

  it("an unmapped {proxy} placeholder is a configuration error: 500", async () => {
    const { server, sent } = gateway({
      resources: [
        {
          path: "/{proxy+}",
          methods: { ANY: { integration: { type: "HTTP_PROXY", uri: "http://127.0.0.1:8082/{proxy}" } } },
        },
      ],
    });
    const { response, access } = await server.handle(request("GET", "/prod/topics"));
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('{"message": "Internal server error"}');
    expect(access.integrationErrorMessage).toBe(
      "Execution failed due to configuration error: Illegal character in path",
    );
    expect(sent).toHaveLength(0);
  });

  it("explicit resources map path, query and header parameters", async () => {
    const { server, sent } = gateway({
      resources: [
        {
          path: "/topics/{topic}",
          methods: {
            POST: {
              integration: {
                type: "HTTP_PROXY",
                uri: "http://127.0.0.1:8082/topics/{name}",
                requestParameters: {
                  "integration.request.path.name": "method.request.path.topic",
                  "integration.request.querystring.src": "'gateway'",
                  "integration.request.header.X-Topic": "method.request.path.topic",
                },
                timeoutMs: 1000,
              },
            },
          },
        },
      ],
    });
    await server.handle(request("POST", "/prod/topics/t1?x=1"));
    expect(sent[0]?.path).toBe("/topics/t1?x=1&src=gateway");
    expect(header(sent[0]?.headers ?? [], "x-topic")).toBe("t1");
    expect(sent[0]?.timeoutMs).toBe(1000);
  });
});

describe("gateway handler: responses", () => {
  it("leads with the gateway's headers, remaps the backend's and ends with x-amz-apigw-id", async () => {
    const { server } = gateway({}, () =>
      ok(
        200,
        [
          ["Content-Type", "application/vnd.kafka.v2+json"],
          ["Date", "backend-date"],
          ["Content-Length", "2"],
          ["Connection", "keep-alive"],
          ["Server", "jetty"],
          ["x-amzn-RequestId", "backend-id"],
          ["Access-Control-Allow-Origin", "*"],
        ],
        "{}",
      ),
    );
    const { response } = await server.handle(request("GET", "/prod/topics"));
    const names = response.headers.map(([name]) => name);
    expect(names).toEqual([
      "Date",
      "Content-Type",
      "Content-Length",
      "Connection",
      "x-amzn-RequestId",
      "x-amzn-Remapped-Date",
      "x-amzn-Remapped-Content-Length",
      "x-amzn-Remapped-Connection",
      "x-amzn-Remapped-Server",
      "x-amzn-Remapped-x-amzn-RequestId",
      "Access-Control-Allow-Origin",
      "x-amz-apigw-id",
    ]);
    expect(header(response.headers, "Date")).toBe("Fri, 05 Jan 2024 03:04:05 GMT");
    expect(header(response.headers, "Content-Type")).toBe("application/vnd.kafka.v2+json");
    expect(header(response.headers, "x-amzn-RequestId")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(header(response.headers, "x-amz-apigw-id")).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(names).not.toContain("X-Amzn-Trace-Id");
    expect(names).not.toContain("Server");
  });

  it("a backend without Content-Type gets application/json", async () => {
    const { server } = gateway({}, () => ok(200, [], "x"));
    const { response } = await server.handle(request("GET", "/prod/x"));
    expect(header(response.headers, "content-type")).toBe("application/json");
  });

  it("a backend error status passes through, without x-amzn-ErrorType", async () => {
    const body = '{"error_code":40403,"message":"Topic not found."}';
    const { server } = gateway({}, () => ok(404, [["Content-Type", "application/vnd.kafka.v2+json"]], body));
    const { response } = await server.handle(request("GET", "/prod/topics/nope"));
    expect(response.status).toBe(404);
    expect(response.body.toString()).toBe(body);
    expect(header(response.headers, "x-amzn-ErrorType")).toBeUndefined();
  });

  it("echoes a client UUID in x-amzn-RequestId and logs it", async () => {
    const id = "0c8cd30e-5fcf-4ae0-a2d7-6e0b3b9dc3b1";
    const { server, accessLog } = gateway();
    const { response } = await server.handle(request("GET", "/prod/x", [["x-amzn-RequestId", id]]));
    expect(header(response.headers, "x-amzn-RequestId")).toBe(id);
    expect(JSON.parse(accessLog.lines[0] ?? "{}")).toMatchObject({ requestId: id });
    const other = await server.handle(request("GET", "/prod/x", [["x-amzn-RequestId", "not-a-uuid"]]));
    expect(header(other.response.headers, "x-amzn-RequestId")).not.toBe("not-a-uuid");
  });

  it("answers Connection: close when the client connection will close", async () => {
    const { server } = gateway();
    const { response } = await server.handle({ ...request("GET", "/prod/x"), keepAlive: false });
    expect(header(response.headers, "connection")).toBe("close");
  });

  it.each([
    ["timeout", 504, '{"message": "Endpoint request timed out"}'],
    ["network", 504, '{"message": "Network error communicating with endpoint"}'],
    ["configuration", 500, '{"message": "Internal server error"}'],
  ] as const)("integration %s -> %i", async (failure, status, body) => {
    const { server } = gateway({}, () => ({ ok: false, failure, detail: "why", latencyMs: 1 }));
    const { response, access } = await server.handle(request("GET", "/prod/x"));
    expect(response.status).toBe(status);
    expect(response.body.toString()).toBe(body);
    expect(header(response.headers, "x-amzn-ErrorType")).toBe("InternalServerErrorException");
    expect(access.integrationErrorMessage).toBe("why");
  });

  it("413 for an over-limit body, in plain text, before anything else", async () => {
    const { server, sent } = gateway({ cors: true });
    const { response } = await server.handle({ ...request("POST", "/nope/x"), bodyTooLarge: true });
    expect(response.status).toBe(413);
    expect(response.body.toString()).toBe("HTTP content length exceeded 10485760 bytes.");
    expect(header(response.headers, "x-amzn-ErrorType")).toBeUndefined();
    expect(response.headers.some(([name]) => name.toLowerCase().startsWith("access-control-"))).toBe(false);
    expect(sent).toHaveLength(0);
  });
});

describe("gateway handler: throttling, API keys, CORS", () => {
  it("0/0 throttling: 429 Too Many Requests, no Retry-After", async () => {
    const { server, sent } = gateway({ throttle: { rateLimit: 0, burstLimit: 0 } });
    const { response } = await server.handle(request("GET", "/prod/x"));
    expect(response.status).toBe(429);
    expect(response.body.toString()).toBe('{"message":"Too Many Requests"}');
    expect(header(response.headers, "x-amzn-ErrorType")).toBe("TooManyRequestsException");
    expect(header(response.headers, "retry-after")).toBeUndefined();
    expect(sent).toHaveLength(0);
  });

  it("API keys: 403 Forbidden without a valid x-api-key, 429 Limit Exceeded past the quota", async () => {
    const { server, sent } = gateway({ apiKeys: [{ value: "secret", quota: 1 }] });
    const missing = await server.handle(request("GET", "/prod/x"));
    expect(missing.response.status).toBe(403);
    expect(missing.response.body.toString()).toBe('{"message":"Forbidden"}');
    expect(missing.access.error?.responseType).toBe("INVALID_API_KEY");
    const good = await server.handle(request("GET", "/prod/x", [["x-api-key", "secret"]]));
    expect(good.response.status).toBe(200);
    const over = await server.handle(request("GET", "/prod/x", [["x-api-key", "secret"]]));
    expect(over.response.status).toBe(429);
    expect(over.response.body.toString()).toBe('{"message":"Limit Exceeded"}');
    expect(sent).toHaveLength(1);
  });

  it("without CORS, OPTIONS goes to the backend", async () => {
    const { server, sent } = gateway();
    await server.handle(request("OPTIONS", "/prod/x"));
    expect(sent[0]?.method).toBe("OPTIONS");
  });

  it("with console CORS, OPTIONS is a MOCK 200 and the backend is not called", async () => {
    const { server, sent } = gateway({ cors: true });
    const { response } = await server.handle(request("OPTIONS", "/prod/x"));
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
    expect(header(response.headers, "Access-Control-Allow-Headers")).toBe(
      "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token",
    );
    expect(header(response.headers, "Access-Control-Allow-Methods")).toBe("DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT");
    expect(header(response.headers, "Access-Control-Allow-Origin")).toBe("*");
    expect(sent).toHaveLength(0);
    const root = await server.handle(request("OPTIONS", "/prod/"));
    expect(root.response.status).toBe(403);
  });
});

describe("gateway handler: records", () => {
  it("journals each exchange with both sides", async () => {
    const { server, journal } = gateway({}, () => ok(201, [["Content-Type", "application/json"]], '{"ok":true}'));
    await server.handle(request("POST", "/prod/topics/t?x=1", [["Content-Type", "application/json"]], '{"a":1}'));
    const entry = JSON.parse(journal.lines[0] ?? "{}");
    expect(entry).toMatchObject({
      method: "POST",
      url: "/prod/topics/t?x=1",
      status: 201,
      resourcePath: "/{proxy+}",
      request: { body: { bytes: 7, text: '{"a":1}', truncated: false } },
      response: { body: { bytes: 11, text: '{"ok":true}', truncated: false } },
      integration: { method: "POST", url: "http://127.0.0.1:8082/topics/t?x=1", status: 201, error: null },
      error: null,
    });
  });

  it("cuts journal bodies at the cap and keeps binary as base64", async () => {
    const { server, journal } = gateway({ journalBodyLimit: 4 }, () => ({
      ok: true,
      status: 200,
      headers: [],
      body: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]),
      latencyMs: 1,
    }));
    await server.handle(request("POST", "/prod/x", [], "abcdefgh"));
    const entry = JSON.parse(journal.lines[0] ?? "{}");
    expect(entry.request.body).toEqual({ bytes: 8, text: "abcd", truncated: true });
    expect(entry.response.body).toEqual({
      bytes: 5,
      base64: Buffer.from([0xff, 0xfe, 0, 1]).toString("base64"),
      truncated: true,
    });
  });

  it("passes a gzipped answer through as bytes and journals it unzipped", async () => {
    const answer = '{"offsets":[{"partition":0,"offset":3,"error_code":null,"error":null}],"key_schema_id":null}';
    const gzipped = gzipSync(answer);
    const { server, journal } = gateway({}, () => ({
      ok: true,
      status: 200,
      headers: [
        ["Content-Type", "application/vnd.kafka.v2+json"],
        ["Vary", "Accept-Encoding"],
        ["Content-Encoding", "gzip"],
      ],
      body: gzipped,
      latencyMs: 1,
    }));
    const response = await server.handle(request("POST", "/prod/x", [], "{}"));
    expect(response.response.body.equals(gzipped)).toBe(true);
    expect(response.response.headers).toContainEqual(["Content-Encoding", "gzip"]);
    const entry = JSON.parse(journal.lines[0] ?? "{}");
    expect(entry.response.body).toEqual({ bytes: gzipped.length, text: answer, truncated: false, decoded: "gzip" });
  });

  it("logs gateway errors with their $context.error fields", async () => {
    const { server, accessLog } = gateway({
      accessLogFormat: "$context.status $context.error.responseType $context.resourcePath",
    });
    await server.handle(request("GET", "/prod"));
    expect(accessLog.lines).toEqual(["403 MISSING_AUTHENTICATION_TOKEN -"]);
  });
});
