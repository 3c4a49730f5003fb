import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveFaults } from "../../../harness/components/gateway/faults.ts";
import type { GatewayRequest } from "../../../harness/components/gateway/handler.ts";
import type { HeaderPair } from "../../../harness/components/gateway/headers.ts";
import type { GatewayFaults } from "../../../harness/components/gateway/index.ts";
import { startGateway } from "../../../harness/components/gateway/index.ts";
import type {
  IntegrationClient,
  UpstreamOutcome,
  UpstreamRequest,
} from "../../../harness/components/gateway/integration.ts";
import { memoryLines } from "../../../harness/components/gateway/line-file.ts";
import { createGatewayServer } from "../../../harness/components/gateway/server.ts";
import type { GatewayServerOptions } from "../../../harness/components/gateway/server.ts";
import { ErrorCode, isPinpipeError } from "../../../harness/errors.ts";

const OK: UpstreamOutcome = { ok: true, status: 200, headers: [], body: Buffer.from("{}"), latencyMs: 3 };

// Prints every $context.error variable, so each fault's log line is checked whole.
const ACCESS_FORMAT =
  "$context.status $context.error.responseType [$context.error.message] [$context.error.messageString] " +
  "$context.integrationStatus $context.integrationLatency $context.responseLatency";

/** The gateway without a port, in front of an integration that records what reaches it. */
function gateway(
  options: Partial<GatewayServerOptions> = {},
  answer: (request: UpstreamRequest) => UpstreamOutcome = () => OK,
) {
  const sent: UpstreamRequest[] = [];
  const integration: IntegrationClient = {
    send: async (upstream) => {
      sent.push(upstream);
      return answer(upstream);
    },
    close: async () => {},
    destroy: async () => {},
  };
  const accessLog = memoryLines();
  const journal = memoryLines();
  const server = createGatewayServer({
    target: "http://127.0.0.1:8082",
    apiId: "a1b2c3d4e5",
    integration,
    accessLog,
    journal,
    accessLogFormat: ACCESS_FORMAT,
    ...options,
  });
  const lastJournal = (): Record<string, unknown> => JSON.parse(journal.lines.at(-1) ?? "{}");
  return { server, sent, accessLog, journal, lastJournal };
}

function request(method = "POST", url = "/prod/topics/t.pin", headers: HeaderPair[] = []): GatewayRequest {
  return {
    method,
    url,
    rawHeaders: [["Host", "127.0.0.1:4000"], ...headers].flat(),
    body: Buffer.from('{"records":[]}'),
    sourceIp: "127.0.0.1",
    keepAlive: true,
  };
}

const header = (pairs: HeaderPair[], name: string): string | undefined =>
  pairs.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(isPinpipeError(error, ErrorCode.InvalidOption)).toBe(true);
    return error as Error;
  }
  return expect.unreachable("the faults were accepted");
}

describe("gateway faults: what setFaults accepts", () => {
  it.each([
    [{ errorRate: 1.5 }, "errorRate must be a number from 0 to 1; got 1.5"],
    [{ errorRate: "0.5" }, 'errorRate must be a number from 0 to 1; got "0.5"'],
    [{ latencyMs: -1 }, "latencyMs must be a number from 0 to 2147483647"],
    [{ jitterMs: Number.NaN }, "jitterMs must be a number from 0 to"],
    [{ timeoutMs: 10 }, "timeoutMs must be a number from 50 to 2147483647; got 10"],
    [{ seed: 1.5 }, "seed must be a whole number from 0 to 4294967295"],
    [{ seed: -1 }, "seed must be a number from 0 to 4294967295"],
    [{ throttle: { rateLimit: 5 } }, "throttle must be { rateLimit, burstLimit } with numbers >= 0"],
    [{ throttle: { rateLimit: -1, burstLimit: 1 } }, "throttle must be { rateLimit, burstLimit } with numbers >= 0"],
    [{ latency: 100 }, "unknown gateway fault latency: use latencyMs, jitterMs, errorRate, seed, throttle, timeoutMs"],
    ["on", 'gateway faults must be "off" or an object with latencyMs'],
  ])("refuses %j, saying what is allowed", (faults, message) => {
    const error = refusal(() => resolveFaults(faults as GatewayFaults));
    expect(error.message).toContain(message);
  });

  it('"off", {} and faults that are all zero leave the start-up setup in place', () => {
    expect(resolveFaults("off")).toBeUndefined();
    expect(resolveFaults({})).toBeUndefined();
    expect(resolveFaults({ latencyMs: 0, errorRate: 0, seed: 7 })).toBeUndefined();
  });

  it("a seed makes the error-rate and jitter draws repeatable, and the jitter never changes which calls fail", () => {
    const draws = (faults: GatewayFaults): [number[], boolean[]] => {
      const active = resolveFaults(faults)!;
      const delays: number[] = [];
      const fails: boolean[] = [];
      for (let call = 0; call < 200; call += 1) {
        delays.push(active.nextDelayMs());
        fails.push(active.nextFails());
      }
      return [delays, fails];
    };
    const [delays, fails] = draws({ latencyMs: 10, jitterMs: 5, errorRate: 0.3, seed: 42 });
    expect(draws({ latencyMs: 10, jitterMs: 5, errorRate: 0.3, seed: 42 })).toEqual([delays, fails]);
    expect(draws({ errorRate: 0.3, seed: 42 })[1]).toEqual(fails);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(15);
    expect(new Set(delays).size).toBeGreaterThan(1);
    const failed = fails.filter(Boolean).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
    expect(draws({ errorRate: 0.3, seed: 43 })[1]).not.toEqual(fails);
  });
});

describe("gateway faults: the answers", () => {
  it("errorRate 1: API Gateway's own 500, byte for byte, without calling the integration; off restores", async () => {
    const { server, sent, accessLog, lastJournal } = gateway({ cors: true });
    server.setFaults({ errorRate: 1 });
    const { response } = await server.handle(request());
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('{"message": "Internal server error"}');
    expect(response.body.length).toBe(36);
    expect(response.headers.map(([name]) => name)).toEqual([
      "Date",
      "Content-Type",
      "Content-Length",
      "Connection",
      "x-amzn-RequestId",
      "x-amzn-ErrorType",
      "x-amz-apigw-id",
    ]);
    expect(header(response.headers, "Content-Type")).toBe("application/json");
    expect(header(response.headers, "Content-Length")).toBe("36");
    expect(header(response.headers, "x-amzn-ErrorType")).toBe("InternalServerErrorException");
    expect(sent).toHaveLength(0);
    expect(accessLog.lines.at(-1)).toMatch(
      /^500 DEFAULT_5XX \[Internal server error\] \[ "Internal server error"\] - - \d+$/,
    );
    expect(lastJournal()).toMatchObject({
      status: 500,
      resourcePath: "/{proxy+}",
      integration: null,
      error: { responseType: "DEFAULT_5XX", message: "Internal server error" },
      fault: { delayMs: 0, cause: "errorRate" },
    });

    // A MOCK integration is not reached either: the gateway fails before any integration.
    expect((await server.handle(request("OPTIONS"))).response.status).toBe(500);

    server.setFaults("off");
    const restored = await server.handle(request());
    expect(restored.response.status).toBe(200);
    expect(header(restored.response.headers, "x-amzn-ErrorType")).toBeUndefined();
    expect(sent).toHaveLength(1);
    expect(lastJournal()).not.toHaveProperty("fault");
    expect((await server.handle(request("OPTIONS"))).response.status).toBe(200);
  });

  it("a seeded errorRate fails the same calls on every run", async () => {
    const statuses = async (): Promise<number[]> => {
      const { server } = gateway();
      server.setFaults({ errorRate: 0.5, seed: 2024 });
      const answered: number[] = [];
      for (let call = 0; call < 30; call += 1) answered.push((await server.handle(request())).response.status);
      return answered;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500]));
  });

  it("throttle replaces the stage's throttling with 429 Too Many Requests; off restores the stage's", async () => {
    const { server, sent, accessLog, lastJournal } = gateway();
    server.setFaults({ throttle: { rateLimit: 0, burstLimit: 0 } });
    const { response } = await server.handle(request());
    expect(response.status).toBe(429);
    expect(response.body.toString()).toBe('{"message":"Too Many Requests"}');
    expect(response.body.length).toBe(31);
    expect(header(response.headers, "Content-Type")).toBe("application/json");
    expect(header(response.headers, "x-amzn-ErrorType")).toBe("TooManyRequestsException");
    expect(header(response.headers, "Retry-After")).toBeUndefined();
    expect(sent).toHaveLength(0);
    expect(accessLog.lines.at(-1)).toMatch(/^429 THROTTLED \[Too Many Requests\] \["Too Many Requests"\] - - \d+$/);
    expect(lastJournal()).toMatchObject({
      status: 429,
      integration: null,
      error: { responseType: "THROTTLED", message: "Too Many Requests" },
      fault: { delayMs: 0, cause: "throttle" },
    });
    server.setFaults({});
    expect((await server.handle(request())).response.status).toBe(200);
  });

  it("throttle may also loosen a stage's throttling, with a full bucket; off brings the stage's back", async () => {
    const { server } = gateway({ throttle: { rateLimit: 0, burstLimit: 0 } });
    expect((await server.handle(request())).response.status).toBe(429);
    server.setFaults({ throttle: { rateLimit: 0, burstLimit: 2 } });
    const answered: number[] = [];
    for (let call = 0; call < 3; call += 1) answered.push((await server.handle(request())).response.status);
    expect(answered).toEqual([200, 200, 429]);
    server.setFaults("off");
    expect((await server.handle(request())).response.status).toBe(429);
  });

  it("timeoutMs replaces every method's integration timeout; off restores them", async () => {
    const { server, sent } = gateway({
      timeoutMs: 20_000,
      resources: [
        { path: "/a", methods: { ANY: { integration: { type: "HTTP_PROXY", uri: "http://127.0.0.1:8082/a" } } } },
        {
          path: "/b",
          methods: { ANY: { integration: { type: "HTTP_PROXY", uri: "http://127.0.0.1:8082/b", timeoutMs: 5000 } } },
        },
      ],
    });
    server.setFaults({ timeoutMs: 75 });
    await server.handle(request("GET", "/prod/a"));
    await server.handle(request("GET", "/prod/b"));
    server.setFaults("off");
    await server.handle(request("GET", "/prod/a"));
    await server.handle(request("GET", "/prod/b"));
    expect(sent.map((upstream) => upstream.timeoutMs)).toEqual([75, 75, 20_000, 5000]);
  });

  it("a timeout under timeoutMs is the 504 Endpoint request timed out, and the journal names the fault", async () => {
    const timedOut: UpstreamOutcome = {
      ok: false,
      failure: "timeout",
      detail: "Execution failed due to a timeout error",
      latencyMs: 75,
    };
    const { server, accessLog, lastJournal } = gateway({}, () => timedOut);
    server.setFaults({ timeoutMs: 75 });
    const { response } = await server.handle(request());
    expect(response.status).toBe(504);
    expect(response.body.toString()).toBe('{"message": "Endpoint request timed out"}');
    expect(response.body.length).toBe(41);
    expect(header(response.headers, "x-amzn-ErrorType")).toBe("InternalServerErrorException");
    expect(accessLog.lines.at(-1)).toMatch(
      /^504 INTEGRATION_TIMEOUT \[Endpoint request timed out\] \[ "Endpoint request timed out"\] - 75 \d+$/,
    );
    expect(lastJournal()).toMatchObject({
      status: 504,
      integration: { status: null, latencyMs: 75, error: "Execution failed due to a timeout error" },
      error: { responseType: "INTEGRATION_TIMEOUT", message: "Endpoint request timed out" },
      fault: { delayMs: 0, cause: "timeout" },
    });
  });

  it("latencyMs delays the call before the integration: response latency, not integration latency or timeout", async () => {
    const { server, sent, accessLog, lastJournal } = gateway({
      accessLogFormat: "$context.integrationLatency $context.responseLatency",
    });
    server.setFaults({ latencyMs: 60, timeoutMs: 50 });
    const started = performance.now();
    const { response } = await server.handle(request());
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    expect(response.status).toBe(200);
    // The wait is the gateway's own: the integration still gets the whole timeout after it.
    expect(sent[0]?.timeoutMs).toBe(50);
    const [integrationLatency, responseLatency] = (accessLog.lines.at(-1) ?? "").split(" ").map(Number);
    expect(integrationLatency).toBe(3);
    expect(responseLatency).toBeGreaterThanOrEqual(59);
    expect(lastJournal()).toMatchObject({ status: 200, fault: { delayMs: 60, cause: null } });
    expect(lastJournal().latencyMs).toBeGreaterThanOrEqual(59);

    server.setFaults("off");
    await server.handle(request());
    expect(lastJournal()).not.toHaveProperty("fault");
  });

  it("jitter adds up to jitterMs more to each call, as the seed draws it", async () => {
    const { server, lastJournal } = gateway();
    server.setFaults({ latencyMs: 5, jitterMs: 20, seed: 1 });
    const expected = resolveFaults({ latencyMs: 5, jitterMs: 20, seed: 1 })!;
    for (let call = 0; call < 3; call += 1) {
      const wanted = expected.nextDelayMs();
      const started = performance.now();
      await server.handle(request());
      expect(performance.now() - started).toBeGreaterThanOrEqual(wanted - 1);
      expect(lastJournal().fault).toEqual({ delayMs: wanted, cause: null });
    }
  });

  it("refused faults change nothing", async () => {
    const { server } = gateway();
    server.setFaults({ errorRate: 1 });
    refusal(() => server.setFaults({ errorRate: 2 }));
    expect((await server.handle(request())).response.status).toBe(500);
  });

  it("faults switched while a call waits leave that call as it started", async () => {
    const { server, lastJournal } = gateway();
    server.setFaults({ latencyMs: 40 });
    const waiting = server.handle(request());
    server.setFaults({ errorRate: 1 });
    expect((await waiting).response.status).toBe(200);
    expect(lastJournal().fault).toEqual({ delayMs: 40, cause: null });
  });

  it("endFaultDelays() lets waiting calls go on at once", async () => {
    const { server, sent } = gateway();
    server.setFaults({ latencyMs: 600_000 });
    const waiting = server.handle(request());
    server.endFaultDelays();
    expect((await waiting).response.status).toBe(200);
    expect(sent).toHaveLength(1);
  });
});

// Answers /fast at once and anything else after 2 s.
const upstream = createServer((req, res) => {
  req.resume();
  const timer = setTimeout(() => res.end("{}"), req.url === "/fast" ? 0 : 2000);
  res.on("close", () => clearTimeout(timer));
});
let target: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

describe("gateway faults on a listening gateway", () => {
  it("504 Endpoint request timed out at the fault's timeout, from a slower backend", async () => {
    const gateway = await startGateway({ target, accessLogFile: false, journalFile: false });
    try {
      await gateway.setFaults({ timeoutMs: 100 });
      const started = performance.now();
      const response = await fetch(`${gateway.invokeUrl}/slow`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(99);
      expect(response.status).toBe(504);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
      expect(await response.text()).toBe('{"message": "Endpoint request timed out"}');
      await expect(gateway.setFaults({ timeoutMs: 1 })).rejects.toThrow(/timeoutMs must be a number from 50/);
      await gateway.setFaults("off");
      expect((await fetch(`${gateway.invokeUrl}/fast`)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it("stop() does not wait out a fault's latency: the waiting call goes on and is answered", async () => {
    const gateway = await startGateway({ target, accessLogFile: false, journalFile: false });
    await gateway.setFaults({ latencyMs: 600_000 });
    const waiting = fetch(`${gateway.invokeUrl}/fast`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await gateway.stop();
    expect((await waiting).status).toBe(200);
  });

  it("kill() does not wait out a fault's latency: the waiting call is cut", async () => {
    const gateway = await startGateway({ target, accessLogFile: false, journalFile: false });
    await gateway.setFaults({ latencyMs: 600_000 });
    const waiting = fetch(`${gateway.invokeUrl}/fast`).then(
      (answer) => answer.status,
      () => "cut",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await gateway.kill();
    expect(await waiting).toBe("cut");
  });
});
