import { randomBytes, randomUUID } from "node:crypto";
import { runAction } from "./actions/index.ts";
import { cborErrorBody } from "./cbor-errors.ts";
import { KinesisError, serializationError, unknownOperation } from "./errors.ts";
import { writeJson } from "./json-writer.ts";
import type { KinesisService } from "./service.ts";
import { isActionName, UNSERVED_ACTIONS } from "./shapes.ts";

export const AMZ_JSON = "application/x-amz-json-1.1";
export const AMZ_CBOR = "application/x-amz-cbor-1.1";
/** The content type of Kinesis's retired JSON protocol, still answered, never served. */
const LEGACY_JSON = "application/json";
const TARGET_PREFIX = "Kinesis_20131202";

export interface KinesisRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

export interface KinesisResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

const CBOR_UNSUPPORTED =
  "pinpipe's Kinesis reads JSON requests only (application/x-amz-json-1.1): turn CBOR off in the client " +
  "(AWS_CBOR_DISABLE=true, or -Daws.cborEnabled=false for the Java SDK and the KCL)";

/**
 * Answers one request as Kinesis does, checking in its order: the method, an empty body, the content type, the
 * body's JSON, the target, the signature's presence and form (never its validity), then the action's input.
 * Every answer carries `x-amzn-RequestId` and `x-amz-id-2`.
 */
export function handleKinesisRequest(service: KinesisService, request: KinesisRequest): KinesisResponse {
  const ids: [string, string][] = [
    ["x-amzn-RequestId", randomUUID()],
    ["x-amz-id-2", randomBytes(72).toString("base64")],
  ];
  const reply = (status: number, body: Buffer, contentType?: string): KinesisResponse => ({
    status,
    headers: [
      ...ids,
      ...(contentType === undefined ? [] : ([["Content-Type", contentType]] as [string, string][])),
      ["Content-Length", String(body.length)],
    ],
    body,
  });
  const xmlError = (status: number, type: string, message?: string): KinesisResponse =>
    reply(
      status,
      Buffer.from(message === undefined ? `<${type}/>\n` : `<${type}>\n  <Message>${message}</Message>\n</${type}>\n`),
    );
  const errorIn = (contentType: string, error: KinesisError): KinesisResponse =>
    contentType === AMZ_CBOR
      ? reply(error.status, cborErrorBody(error.body()), AMZ_CBOR)
      : reply(error.status, Buffer.from(writeJson(error.body())), AMZ_JSON);
  const legacy = (status: number, type: string): KinesisResponse =>
    reply(
      status,
      Buffer.from(writeJson({ Output: { __type: `com.amazon.coral.service#${type}` }, Version: "1.0" })),
      LEGACY_JSON,
    );

  if (request.method !== "POST") {
    if (request.headers.authorization === undefined) {
      return xmlError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    return xmlError(403, "AccessDeniedException", "Unable to determine service/operation name to be authorized");
  }

  const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
  const target = request.headers["x-amz-target"] ?? "";
  const dot = target.indexOf(".");
  const targetService = dot === -1 ? target : target.slice(0, dot);
  const operation = dot === -1 ? "" : target.slice(dot + 1);
  const known = targetService === TARGET_PREFIX && (isActionName(operation) || UNSERVED_ACTIONS.has(operation));
  // What is not JSON is answered in CBOR, the SDKs' other wire format.
  const answerType = contentType === AMZ_JSON ? AMZ_JSON : AMZ_CBOR;

  if (request.body.length === 0) {
    return errorIn(answerType, known ? serializationError() : unknownOperation());
  }
  if (contentType !== AMZ_JSON && contentType !== AMZ_CBOR && contentType !== LEGACY_JSON) {
    if (targetService === "" || operation === "") {
      return xmlError(403, "AccessDeniedException", "Unable to determine service/operation name to be authorized");
    }
    return xmlError(404, "UnknownOperationException");
  }
  if (contentType === AMZ_CBOR) return errorIn(AMZ_CBOR, serializationError(CBOR_UNSUPPORTED));

  let body: unknown;
  try {
    body = JSON.parse(request.body.toString("utf8"));
  } catch {
    body = undefined;
  }
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  if (contentType === LEGACY_JSON) {
    return isObject ? legacy(404, "UnknownOperationException") : legacy(400, "SerializationException");
  }
  if (!isObject) return errorIn(AMZ_JSON, serializationError());
  if (!known) return errorIn(AMZ_JSON, unknownOperation());

  const authProblem = signatureProblem(request);
  if (authProblem) return errorIn(AMZ_JSON, authProblem);
  if (!isActionName(operation)) {
    return errorIn(AMZ_JSON, unknownOperation(`pinpipe's Kinesis does not serve ${operation}`));
  }

  try {
    const output = runAction(service, operation, body as Record<string, unknown>);
    return reply(200, Buffer.from(output === undefined ? "" : writeJson(output)), AMZ_JSON);
  } catch (error) {
    if (error instanceof KinesisError) return errorIn(AMZ_JSON, error);
    return errorIn(AMZ_JSON, new KinesisError("InternalFailure", undefined, 500));
  }
}

/**
 * Any credentials are accepted and no signature is verified, but a request must carry one in a form Kinesis
 * would read: a SigV4 Authorization header with its parts, or the query-string parameters of a presigned URL.
 */
function signatureProblem(request: KinesisRequest): KinesisError | undefined {
  const header = request.headers.authorization;
  const query = new URL(request.url, "http://localhost").searchParams;
  const presigned = query.has("X-Amz-Algorithm");
  if (header !== undefined && presigned) {
    return new KinesisError(
      "InvalidSignatureException",
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  }
  if (header === undefined && !presigned) {
    return new KinesisError("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  let message = "";
  if (header !== undefined) {
    const parts = new Set(
      header
        .split(/,| /)
        .slice(1)
        .filter((part) => part.includes("=") && part.split("=")[1] !== "")
        .map((part) => part.trim().split("=")[0]),
    );
    for (const part of ["Credential", "Signature", "SignedHeaders"]) {
      if (!parts.has(part)) message += `Authorization header requires '${part}' parameter. `;
    }
    if (request.headers["x-amz-date"] === undefined && request.headers.date === undefined) {
      message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }
    if (message) message += `Authorization=${header}`;
  } else {
    for (const part of [
      "X-Amz-Algorithm",
      "X-Amz-Credential",
      "X-Amz-Signature",
      "X-Amz-SignedHeaders",
      "X-Amz-Date",
    ]) {
      if (!query.get(part)) message += `AWS query-string parameters must include '${part}'. `;
    }
    if (message) message += "Re-examine the query-string parameters.";
  }
  return message ? new KinesisError("IncompleteSignatureException", message) : undefined;
}
