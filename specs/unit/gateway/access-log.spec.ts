import { describe, expect, it } from "vitest";
import type { AccessContext } from "../../../harness/components/gateway/access-log.ts";
import { clfTime, formatAccessLog } from "../../../harness/components/gateway/access-log.ts";

const context: AccessContext = {
  requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  extendedRequestId: "AbCdEfGhIjKlMnO=",
  sourceIp: "127.0.0.1",
  userAgent: 'curl/8 "quoted"',
  requestTimeEpoch: Date.UTC(2024, 0, 5, 3, 4, 5),
  httpMethod: "POST",
  resourcePath: "/{proxy+}",
  resourceId: "abc123",
  path: "/prod/topics/t",
  protocol: "HTTP/1.1",
  status: 504,
  responseLength: 41,
  responseLatency: 29001,
  integrationLatency: 29000,
  integrationStatus: undefined,
  integrationErrorMessage: "Execution failed due to a timeout error",
  error: {
    message: "Endpoint request timed out",
    messageString: ' "Endpoint request timed out"',
    responseType: "INTEGRATION_TIMEOUT",
  },
  apiId: "a1b2c3d4e5",
  stage: "prod",
  accountId: "000000000000",
  domainName: "a1b2c3d4e5.execute-api.localhost:4000",
  apiKey: undefined,
};

describe("access log", () => {
  it("prints requestTime in CLF form, UTC", () => {
    expect(clfTime(Date.UTC(2024, 0, 5, 3, 4, 5))).toBe("05/Jan/2024:03:04:05 +0000");
  });
  it("JSON preset: the preset keys in order, every value a string, - for unset", () => {
    const line = formatAccessLog("json", context);
    const parsed = JSON.parse(line) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual([
      "requestId",
      "extendedRequestId",
      "ip",
      "caller",
      "user",
      "requestTime",
      "httpMethod",
      "resourcePath",
      "status",
      "protocol",
      "responseLength",
    ]);
    expect(parsed).toMatchObject({
      requestId: context.requestId,
      ip: "127.0.0.1",
      caller: "-",
      user: "-",
      requestTime: "05/Jan/2024:03:04:05 +0000",
      resourcePath: "/{proxy+}",
      status: "504",
      responseLength: "41",
    });
  });
  it("CLF preset", () => {
    expect(formatAccessLog("clf", context)).toBe(
      '127.0.0.1 - - [05/Jan/2024:03:04:05 +0000] "POST /{proxy+} HTTP/1.1" 504 41 ' +
        "c6af9ac6-7b61-11e6-9a41-93e8deadbeef AbCdEfGhIjKlMnO=",
    );
  });
  it("custom templates see every $context variable; JSON templates stay valid JSON", () => {
    const line = formatAccessLog(
      '{"path":"$context.path","ua":"$context.identity.userAgent","err":"$context.error.messageString",' +
        '"type":"$context.error.responseType","ilat":"$context.integrationLatency","istatus":"$context.integration.status",' +
        '"prefix":"$context.domainPrefix","x":"$context.xrayTraceId"}',
      context,
    );
    expect(JSON.parse(line)).toEqual({
      path: "/prod/topics/t",
      ua: 'curl/8 "quoted"',
      err: ' "Endpoint request timed out"',
      type: "INTEGRATION_TIMEOUT",
      ilat: "29000",
      istatus: "-",
      prefix: "a1b2c3d4e5",
      x: "-",
    });
    expect(formatAccessLog("$context.status $context.stage.", context)).toBe("504 prod.");
  });
});
