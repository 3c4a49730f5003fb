import { ErrorCode, isPinpipeError } from "../../errors.ts";
import type { PreparedAwsIntegration, PreparedResponse } from "./aws-integration-setup.ts";
import { awsEndpointOf, preparedAwsIntegration } from "./aws-integration-setup.ts";
import type { GatewayErrorKind } from "./gateway-errors.ts";
import type { HeaderPair } from "./headers.ts";
import { headerValue } from "./headers.ts";
import { UPSTREAM_FAILURE_TO_ERROR, type IntegrationClient, type UpstreamOutcome } from "./integration.ts";
import type { CompiledTemplate, RequestParameters } from "./mapping-template/index.ts";
import { TRANSFORM_FAILED_LOG, render } from "./mapping-template/index.ts";
import type { QueryParam } from "./query.ts";
import { lastValue } from "./query.ts";
import type { AwsEndpoints, AwsIntegration } from "./setup.ts";

/** The method request as an AWS integration sees it. */
export interface AwsMethodRequest {
  pathParams: Record<string, string>;
  query: QueryParam[];
  /** The client's headers, as sent. */
  headers: readonly HeaderPair[];
  body: Buffer;
  /** `$context` for the templates. */
  context: Record<string, unknown>;
  /** The call's arrival, for X-Amz-Date. */
  epoch: number;
  timeoutMs: number;
}

/** What the journal and the access log record of the service call. */
export interface AwsUpstreamRecord {
  method: string;
  url: string;
  headers: HeaderPair[];
  /** The service request's body, once the request template made it. */
  body?: Buffer;
  outcome: UpstreamOutcome;
}

export type AwsCallResult =
  | { ok: true; status: number; contentType: string; body: Buffer; upstream: AwsUpstreamRecord }
  | { ok: false; error: AwsCallError; upstream: AwsUpstreamRecord | undefined };

/** The gateway's own answers an AWS integration can end in. */
export type AwsCallError = Extract<
  GatewayErrorKind,
  "UNSUPPORTED_MEDIA_TYPE" | "API_CONFIGURATION_ERROR" | "INTEGRATION_TIMEOUT" | "INTEGRATION_FAILURE"
>;

/** The JSON protocol's target prefix of each served service. */
const TARGET_PREFIX = { kinesis: "Kinesis_20131202" } as const;
const AMZ_JSON = "application/x-amz-json-1.1";
/** A method response's type when none is mapped: the REST API default. */
const METHOD_RESPONSE_TYPE = "application/json";
const TRANSFORM_RESPONSE_FAILED_LOG = "Execution failed due to configuration error: Unable to transform response";

function templateParams(request: AwsMethodRequest): RequestParameters {
  const querystring: Record<string, string> = {};
  for (const { name } of request.query) querystring[name] = lastValue(request.query, name) ?? "";
  const header: Record<string, string> = {};
  for (const [name, value] of request.headers) header[name] ??= value;
  return { path: request.pathParams, querystring, header };
}

/** A template-less request needs no rendering; otherwise the template picked by the method request's media type. */
function requestTemplateFor(
  prepared: PreparedAwsIntegration,
  headers: readonly HeaderPair[],
): { template: CompiledTemplate | undefined } | "refused" {
  // A request that names no type is taken as JSON.
  const mediaType = (headerValue(headers, "content-type") ?? METHOD_RESPONSE_TYPE).split(";")[0]!.trim().toLowerCase();
  const template = prepared.requestTemplates.get(mediaType);
  if (template !== undefined) return { template };
  if (prepared.passthrough === "NEVER") return "refused";
  if (prepared.passthrough === "WHEN_NO_TEMPLATES" && prepared.requestTemplates.size > 0) return "refused";
  return { template: undefined };
}

function resolveSource(source: string, request: AwsMethodRequest): string | undefined {
  const literal = /^'(.*)'$/.exec(source);
  if (literal) return literal[1];
  const [, where, name = ""] = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(source) ?? [];
  if (where === "path") return request.pathParams[name];
  if (where === "querystring") return lastValue(request.query, name);
  return headerValue(request.headers, name);
}

function amzDate(epoch: number): string {
  return new Date(epoch)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * The service request. API Gateway signs it with the execution role; the local stand-in checks only that a SigV4
 * header is there and well formed, so the signature is a placeholder. No client header is forwarded unless mapped.
 */
function serviceHeaders(
  prepared: PreparedAwsIntegration,
  endpoint: string,
  request: AwsMethodRequest,
  bodyLength: number,
): HeaderPair[] {
  const date = amzDate(request.epoch);
  const { region, service, action } = prepared.uri;
  const headers: HeaderPair[] = [
    ["Host", new URL(endpoint).host],
    ["Content-Type", AMZ_JSON],
    ["X-Amz-Target", `${TARGET_PREFIX[service]}.${action}`],
    ["X-Amz-Date", date],
    [
      "Authorization",
      `AWS4-HMAC-SHA256 Credential=ASIAPINPIPEGATEWAY00/${date.slice(0, 8)}/${region}/${service}/aws4_request, ` +
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" +
        "0".repeat(64),
    ],
    ["Content-Length", String(bodyLength)],
  ];
  for (const [name, source] of prepared.headerMappings) {
    const value = resolveSource(source, request);
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const at = headers.findIndex(([existing]) => existing.toLowerCase() === lower);
    if (at === -1) headers.push([name, value]);
    else headers[at] = [headers[at]![0], value];
  }
  return headers;
}

function selectResponse(prepared: PreparedAwsIntegration, status: number): PreparedResponse | undefined {
  const code = String(status);
  return (
    prepared.responses.find((candidate) => candidate.pattern?.test(code)) ??
    prepared.responses.find((candidate) => candidate.pattern === undefined)
  );
}

function isTemplateFailure(error: unknown): boolean {
  return isPinpipeError(error) && error.code === ErrorCode.MappingTemplateFailed;
}

function failed(upstream: Omit<AwsUpstreamRecord, "outcome">, detail: string, latencyMs: number): AwsUpstreamRecord {
  return { ...upstream, outcome: { ok: false, failure: "configuration", detail, latencyMs } };
}

/** One AWS-integration call: request template, service call, integration response. */
export async function callAwsIntegration(
  integration: AwsIntegration,
  endpoints: AwsEndpoints,
  client: IntegrationClient,
  request: AwsMethodRequest,
): Promise<AwsCallResult> {
  const prepared = preparedAwsIntegration(integration);
  const endpoint = awsEndpointOf(prepared.uri.service, endpoints);
  const path = `/?Action=${prepared.uri.action}`;
  const record = { method: "POST", url: `${endpoint}${path}`, headers: [] as HeaderPair[] };

  const chosen = requestTemplateFor(prepared, request.headers);
  if (chosen === "refused") return { ok: false, error: "UNSUPPORTED_MEDIA_TYPE", upstream: undefined };
  const params = templateParams(request);
  let body: Buffer;
  try {
    body =
      chosen.template === undefined
        ? request.body
        : Buffer.from(render(chosen.template, { body: request.body, params, context: request.context }));
  } catch (error) {
    if (!isTemplateFailure(error)) throw error;
    return { ok: false, error: "API_CONFIGURATION_ERROR", upstream: failed(record, TRANSFORM_FAILED_LOG, 0) };
  }

  const headers = serviceHeaders(prepared, endpoint, request, body.length);
  const sent = { ...record, headers, body };
  const outcome = await client.send({
    origin: new URL(endpoint).origin,
    path,
    method: "POST",
    headers,
    body,
    timeoutMs: request.timeoutMs,
  });
  const upstream = { ...sent, outcome };
  if (!outcome.ok) return { ok: false, error: UPSTREAM_FAILURE_TO_ERROR[outcome.failure], upstream };

  const selected = selectResponse(prepared, outcome.status);
  if (selected === undefined) {
    const detail =
      "Execution failed due to configuration error: No match for output mapping and no default output mapping " +
      `configured. Endpoint Response Status Code: ${outcome.status}`;
    return { ok: false, error: "API_CONFIGURATION_ERROR", upstream: failed(sent, detail, outcome.latencyMs) };
  }
  // Without a response template the service's body reaches the client unchanged, whatever its status was.
  const template = selected.templates.get(METHOD_RESPONSE_TYPE) ?? selected.templates.values().next().value;
  if (template === undefined) {
    return {
      ok: true,
      status: selected.response.statusCode,
      contentType: METHOD_RESPONSE_TYPE,
      body: outcome.body,
      upstream,
    };
  }
  try {
    const rendered = render(template, { body: outcome.body, params, context: request.context });
    return {
      ok: true,
      status: selected.response.statusCode,
      contentType: METHOD_RESPONSE_TYPE,
      body: Buffer.from(rendered),
      upstream,
    };
  } catch (error) {
    if (!isTemplateFailure(error)) throw error;
    return {
      ok: false,
      error: "API_CONFIGURATION_ERROR",
      upstream: failed(sent, TRANSFORM_RESPONSE_FAILED_LOG, outcome.latencyMs),
    };
  }
}
