import { randomBytes, randomUUID } from "node:crypto";
import { runAction } from "./actions/index.ts";
import { KinesisError, serializationError, unknownOperation } from "./errors.ts";
import { writeJson } from "./json-writer.ts";
import type { KinesisService } from "./service.ts";
import { isActionName, UNSERVED_ACTIONS } from "./shapes.ts";
import { AMZ_CBOR, AMZ_JSON, CONTENT_TYPES, isMap, parseBody, writeBody, type WireFormat } from "./wire-format.ts";

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

/**
 * Answers one request as Kinesis does, checking in its order: the method, an empty body, the content type, the
 * body's JSON or CBOR, the target, the signature's presence and form (never its validity), then the action's
 * input. A request in CBOR is answered in CBOR, one in JSON in JSON. Every answer carries `x-amzn-RequestId` and
 * `x-amz-id-2`.
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
  const errorIn = (format: WireFormat, error: KinesisError): KinesisResponse =>
    reply(error.status, writeBody(format, error.body()), CONTENT_TYPES[format]);
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
  // Before the content type is checked, what is not JSON is answered in CBOR, the SDKs' other wire format.
  const answerFormat: WireFormat = contentType === AMZ_JSON ? "json" : "cbor";

  if (request.body.length === 0) {
    return errorIn(answerFormat, known ? serializationError() : unknownOperation());
  }
  if (contentType !== AMZ_JSON && contentType !== AMZ_CBOR && contentType !== LEGACY_JSON) {
    if (targetService === "" || operation === "") {
      return xmlError(403, "AccessDeniedException", "Unable to determine service/operation name to be authorized");
    }
    return xmlError(404, "UnknownOperationException");
  }
  // The retired protocol's body is JSON too.
  const format: WireFormat = contentType === AMZ_CBOR ? "cbor" : "json";
  const body = parseBody(format, request.body);
  if (contentType === LEGACY_JSON) {
    return isMap(body) ? legacy(404, "UnknownOperationException") : legacy(400, "SerializationException");
  }
  if (!isMap(body)) return errorIn(format, serializationError());
  if (!known) return errorIn(format, unknownOperation());

  const authProblem = signatureProblem(request);
  if (authProblem) return errorIn(format, authProblem);
  if (!isActionName(operation)) {
    return errorIn(format, unknownOperation(`pinpipe's Kinesis does not serve ${operation}`));
  }

  try {
    const output = runAction(service, operation, body, format);
    return reply(200, output === undefined ? Buffer.alloc(0) : writeBody(format, output), CONTENT_TYPES[format]);
  } catch (error) {
    if (error instanceof KinesisError) return errorIn(format, error);
    return errorIn(format, new KinesisError("InternalFailure", undefined, 500));
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
