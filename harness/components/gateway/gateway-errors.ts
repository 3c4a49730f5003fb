import { createHash } from "node:crypto";

/** Responses the gateway makes itself, never the integration. */
export type GatewayErrorKind =
  | "MISSING_AUTHENTICATION_TOKEN"
  | "INCOMPLETE_SIGNATURE"
  | "UNKNOWN_STAGE"
  | "INVALID_API_KEY"
  | "THROTTLED"
  | "QUOTA_EXCEEDED"
  | "INTEGRATION_TIMEOUT"
  | "INTEGRATION_FAILURE"
  | "API_CONFIGURATION_ERROR"
  | "INTERNAL_FAILURE"
  | "REQUEST_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE";

export interface GatewayError {
  kind: GatewayErrorKind;
  status: number;
  /** `x-amzn-ErrorType`; absent on the 413. */
  errorType: string | undefined;
  /** `$context.error.responseType`; undefined where no API stage handled the call. */
  responseType: string | undefined;
  /** `$context.error.message`. */
  message: string;
  /** `$context.error.messageString`: the quoted message as spliced into the body template. */
  messageString: string;
  contentType: string;
  body: Buffer;
}

export const MAX_REQUEST_BYTES = 10_485_760;

interface Entry {
  status: number;
  errorType: string | undefined;
  responseType: string | undefined;
  message: string;
}

const CATALOGUE: Record<Exclude<GatewayErrorKind, "INCOMPLETE_SIGNATURE">, Entry> = {
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    errorType: "MissingAuthenticationTokenException",
    responseType: "MISSING_AUTHENTICATION_TOKEN",
    message: "Missing Authentication Token",
  },
  UNKNOWN_STAGE: { status: 403, errorType: "ForbiddenException", responseType: undefined, message: "Forbidden" },
  INVALID_API_KEY: {
    status: 403,
    errorType: "ForbiddenException",
    responseType: "INVALID_API_KEY",
    message: "Forbidden",
  },
  THROTTLED: {
    status: 429,
    errorType: "TooManyRequestsException",
    responseType: "THROTTLED",
    message: "Too Many Requests",
  },
  QUOTA_EXCEEDED: {
    status: 429,
    errorType: "LimitExceededException",
    responseType: "QUOTA_EXCEEDED",
    message: "Limit Exceeded",
  },
  INTEGRATION_TIMEOUT: {
    status: 504,
    errorType: "InternalServerErrorException",
    responseType: "INTEGRATION_TIMEOUT",
    message: "Endpoint request timed out",
  },
  INTEGRATION_FAILURE: {
    status: 504,
    errorType: "InternalServerErrorException",
    responseType: "INTEGRATION_FAILURE",
    message: "Network error communicating with endpoint",
  },
  API_CONFIGURATION_ERROR: {
    status: 500,
    errorType: "InternalServerErrorException",
    responseType: "API_CONFIGURATION_ERROR",
    message: "Internal server error",
  },
  // The gateway failing in itself (the error-rate fault). The answer is API Gateway's generic 500, the same bytes
  // as a configuration error; no response type of its own covers an internal failure, so it falls back to
  // DEFAULT_5XX.
  INTERNAL_FAILURE: {
    status: 500,
    errorType: "InternalServerErrorException",
    responseType: "DEFAULT_5XX",
    message: "Internal server error",
  },
  // A request whose Content-Type has no request template while passthrough does not allow it.
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    errorType: "UnsupportedMediaTypeException",
    responseType: "UNSUPPORTED_MEDIA_TYPE",
    message: "Unsupported Media Type",
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    errorType: undefined,
    responseType: "REQUEST_TOO_LARGE",
    message: `HTTP content length exceeded ${MAX_REQUEST_BYTES} bytes.`,
  },
};

function jsonError(kind: GatewayErrorKind, entry: Entry): GatewayError {
  // The real 5xx bodies carry a space after the colon and the 4xx ones do not; both come from one template
  // `{"message":$context.error.messageString}`, so the space lives in messageString.
  const messageString = `${entry.status >= 500 ? " " : ""}${JSON.stringify(entry.message)}`;
  return {
    kind,
    ...entry,
    messageString,
    contentType: "application/json",
    body: Buffer.from(`{"message":${messageString}}`),
  };
}

/** The 403 a non-SigV4 `Authorization` header earns on an unmatched route: the SigV4 parser rejects it first. */
export function incompleteSignature(authorization: string): GatewayError {
  const hash = createHash("sha256").update(authorization).digest("base64");
  return jsonError("INCOMPLETE_SIGNATURE", {
    status: 403,
    errorType: "IncompleteSignatureException",
    responseType: "DEFAULT_4XX",
    message: `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'.`,
  });
}

export function gatewayError(kind: Exclude<GatewayErrorKind, "INCOMPLETE_SIGNATURE">): GatewayError {
  const entry = CATALOGUE[kind];
  if (kind !== "REQUEST_TOO_LARGE") return jsonError(kind, entry);
  // The size limit is enforced in front of the API, so its answer is plain text outside the JSON templates.
  return {
    kind,
    ...entry,
    messageString: JSON.stringify(entry.message),
    contentType: "text/plain",
    body: Buffer.from(entry.message),
  };
}

/** Which unmatched-route 403 a request gets, judged by its `Authorization` header. */
export function unmatchedRouteError(authorization: string | undefined): GatewayError {
  // A value with `=` pairs takes other SigV4 parser branches whose exact messages are unrecorded; MAT is kept.
  if (authorization !== undefined && authorization !== "" && !authorization.includes("=")) {
    return incompleteSignature(authorization);
  }
  return gatewayError("MISSING_AUTHENTICATION_TOKEN");
}
