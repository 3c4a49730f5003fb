import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { gatewayError, unmatchedRouteError } from "../../../harness/components/gateway/gateway-errors.ts";

describe("gateway error bodies, byte for byte", () => {
  it.each([
    [
      "MISSING_AUTHENTICATION_TOKEN",
      403,
      '{"message":"Missing Authentication Token"}',
      42,
      "MissingAuthenticationTokenException",
    ],
    ["UNKNOWN_STAGE", 403, '{"message":"Forbidden"}', 23, "ForbiddenException"],
    ["INVALID_API_KEY", 403, '{"message":"Forbidden"}', 23, "ForbiddenException"],
    ["THROTTLED", 429, '{"message":"Too Many Requests"}', 31, "TooManyRequestsException"],
    ["QUOTA_EXCEEDED", 429, '{"message":"Limit Exceeded"}', 28, "LimitExceededException"],
    ["INTEGRATION_TIMEOUT", 504, '{"message": "Endpoint request timed out"}', 41, "InternalServerErrorException"],
    [
      "INTEGRATION_FAILURE",
      504,
      '{"message": "Network error communicating with endpoint"}',
      56,
      "InternalServerErrorException",
    ],
    ["API_CONFIGURATION_ERROR", 500, '{"message": "Internal server error"}', 36, "InternalServerErrorException"],
  ] as const)("%s", (kind, status, body, length, errorType) => {
    const error = gatewayError(kind);
    expect(error.status).toBe(status);
    expect(error.body.toString()).toBe(body);
    expect(error.body.length).toBe(length);
    expect(error.errorType).toBe(errorType);
    expect(error.contentType).toBe("application/json");
    expect(`{"message":${error.messageString}}`).toBe(body);
  });

  it("the gateway's own internal failure is the generic 500, with the DEFAULT_5XX response type", () => {
    const error = gatewayError("INTERNAL_FAILURE");
    expect(error.status).toBe(500);
    expect(error.body.toString()).toBe('{"message": "Internal server error"}');
    expect(error.body.length).toBe(36);
    expect(error.errorType).toBe("InternalServerErrorException");
    expect(error.responseType).toBe("DEFAULT_5XX");
    expect(error.message).toBe("Internal server error");
    expect(error.messageString).toBe(' "Internal server error"');
  });

  it("413 is plain text without an error type", () => {
    const error = gatewayError("REQUEST_TOO_LARGE");
    expect(error.status).toBe(413);
    expect(error.body.toString()).toBe("HTTP content length exceeded 10485760 bytes.");
    expect(error.body.length).toBe(44);
    expect(error.errorType).toBeUndefined();
    expect(error.responseType).toBe("REQUEST_TOO_LARGE");
  });

  it("a non-SigV4 Authorization on an unmatched route fails the signature parser", () => {
    const error = unmatchedRouteError("Bearer x");
    const hash = createHash("sha256").update("Bearer x").digest("base64");
    expect(error.status).toBe(403);
    expect(error.errorType).toBe("IncompleteSignatureException");
    expect(error.body.toString()).toBe(
      `{"message":"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'."}`,
    );
    expect(unmatchedRouteError(undefined).errorType).toBe("MissingAuthenticationTokenException");
    expect(unmatchedRouteError("").errorType).toBe("MissingAuthenticationTokenException");
  });
});
