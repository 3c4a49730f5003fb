import { describe, expect, it } from "vitest";
import { isPinpipeError } from "../../../harness/errors.ts";
import { parseGatewayArgs } from "../../../harness/components/gateway/command.ts";
import { resolveSetup } from "../../../harness/components/gateway/setup.ts";

describe("resolveSetup", () => {
  it("defaults to a fresh console deployment: prod, {proxy+} ANY, 29 s, 10000/5000", () => {
    const setup = resolveSetup({ target: "http://127.0.0.1:8082/" });
    expect(setup.stage).toBe("prod");
    expect(setup.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(setup.timeoutMs).toBe(29_000);
    expect(setup.throttle).toEqual({ rateLimit: 10_000, burstLimit: 5_000 });
    expect(setup.resources).toEqual([
      {
        path: "/{proxy+}",
        methods: {
          ANY: {
            integration: {
              type: "HTTP_PROXY",
              uri: "http://127.0.0.1:8082/{proxy}",
              requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
            },
          },
        },
      },
    ]);
    expect(setup.apiKeys).toBeUndefined();
  });

  it.each([
    [{ stage: "bad stage" }, /stage/],
    [{ stage: "" }, /stage/],
    [{ timeoutMs: 10 }, /at least 50/],
    [{ target: "http://127.0.0.1:22" }, /port 22/],
    [{ target: "ftp://x" }, /http or https/],
    [{ resources: [{ path: "/x", methods: { TRACE: { integration: { type: "MOCK", statusCode: 200 } } } }] }, /TRACE/],
  ] as const)("refuses %j", (override, message) => {
    try {
      resolveSetup({ target: "http://127.0.0.1:8082", ...override } as never);
      expect.unreachable();
    } catch (error) {
      expect(isPinpipeError(error, "PINPIPE_INVALID_OPTION")).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe("pinpipe gateway arguments", () => {
  it("maps flags onto the setup", () => {
    expect(
      parseGatewayArgs([
        "--target",
        "http://127.0.0.1:8082",
        "--stage",
        "dev",
        "--port",
        "4000",
        "--rate",
        "5",
        "--burst",
        "2",
        "--cors",
        "--api-key",
        "k1",
        "--api-key",
        "k2",
        "--journal",
        "-",
        "--access-log-format",
        "clf",
      ]),
    ).toEqual({
      target: "http://127.0.0.1:8082",
      stage: "dev",
      port: 4000,
      throttle: { rateLimit: 5, burstLimit: 2 },
      cors: true,
      apiKeys: ["k1", "k2"],
      journalFile: false,
      accessLogFormat: "clf",
    });
  });
  it("requires --target and pairs --rate with --burst", () => {
    expect(() => parseGatewayArgs([])).toThrow(/--target/);
    expect(() => parseGatewayArgs(["--target", "http://x:8082", "--rate", "1"])).toThrow(/--burst/);
    expect(() => parseGatewayArgs(["--target", "http://x:8082", "--port", "x"])).toThrow(/--port/);
  });
});
