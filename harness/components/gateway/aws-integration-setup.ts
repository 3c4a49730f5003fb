import { ErrorCode, PinpipeError } from "../../errors.ts";
import { compileTemplate, type CompiledTemplate } from "./mapping-template/index.ts";
import type { AwsEndpoints, AwsIntegration, IntegrationResponse, PassthroughBehavior } from "./setup.ts";

/** The services an AWS integration can reach here: each needs a local stand-in that pinpipe runs. */
export const SERVED_AWS_SERVICES = ["kinesis"] as const;
export type ServedAwsService = (typeof SERVED_AWS_SERVICES)[number];

export interface AwsServiceUri {
  region: string;
  service: ServedAwsService;
  action: string;
}

/** An integration response with its pattern compiled. */
export interface PreparedResponse {
  response: IntegrationResponse;
  /** Undefined on the default response. */
  pattern: RegExp | undefined;
  /** By lower-case content type. */
  templates: Map<string, CompiledTemplate>;
}

/** Everything about an AWS integration that the setup fixes, worked out once. */
export interface PreparedAwsIntegration {
  uri: AwsServiceUri;
  passthrough: PassthroughBehavior;
  /** By lower-case content type. */
  requestTemplates: Map<string, CompiledTemplate>;
  /** `integration.request.header.<name>` mappings as [header name, source]. */
  headerMappings: [string, string][];
  responses: PreparedResponse[];
}

const PASSTHROUGH: readonly PassthroughBehavior[] = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];
const ARN = /^arn:aws:apigateway:([a-z0-9-]+):([a-z0-9-]+):(action|path)\/(.+)$/;
const SOURCE = /^('.*'|method\.request\.(path|querystring|header)\..+)$/;

function invalid(message: string, context: Record<string, unknown> = {}): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, message, { context: { component: "gateway", ...context } });
}

/** Reads `arn:aws:apigateway:us-east-1:kinesis:action/PutRecord`; refuses what no local service answers. */
export function parseAwsServiceUri(uri: string, where: string): AwsServiceUri {
  const match = ARN.exec(uri);
  if (!match) {
    throw invalid(
      `gateway AWS integration uri "${uri}" of ${where} is not an API Gateway service ARN: ` +
        "give e.g. arn:aws:apigateway:us-east-1:kinesis:action/PutRecord",
      { uri },
    );
  }
  const [, region = "", service = "", form = "", rest = ""] = match;
  if (!(SERVED_AWS_SERVICES as readonly string[]).includes(service)) {
    throw invalid(
      `gateway AWS integration service "${service}" of ${where} is not served: only ${SERVED_AWS_SERVICES.join(", ")}`,
      { uri },
    );
  }
  // Kinesis is a JSON-protocol service: it is called by action name, never by a REST path.
  if (form !== "action" || !/^[A-Za-z]+$/.test(rest)) {
    throw invalid(
      `gateway AWS integration uri "${uri}" of ${where} must name an action: …:${service}:action/<Action>`,
      {
        uri,
      },
    );
  }
  return { region, service: service as ServedAwsService, action: rest };
}

function compileAll(templates: Record<string, string> | undefined, where: string): Map<string, CompiledTemplate> {
  const compiled = new Map<string, CompiledTemplate>();
  for (const [contentType, source] of Object.entries(templates ?? {})) {
    try {
      compiled.set(contentType.toLowerCase(), compileTemplate(source));
    } catch (cause) {
      throw invalid(`gateway ${where} template for ${contentType} is invalid: ${(cause as Error).message}`, { cause });
    }
  }
  return compiled;
}

function prepareResponses(responses: IntegrationResponse[], where: string): PreparedResponse[] {
  return responses.map((response) => {
    let pattern: RegExp | undefined;
    if (response.selectionPattern !== undefined && response.selectionPattern !== "") {
      try {
        pattern = new RegExp(`^(?:${response.selectionPattern})$`);
      } catch (cause) {
        throw invalid(`gateway selectionPattern "${response.selectionPattern}" of ${where} is not a regex`, { cause });
      }
    }
    if (!Number.isInteger(response.statusCode) || response.statusCode < 100 || response.statusCode > 599) {
      throw invalid(`gateway integration response status ${response.statusCode} of ${where} must be 100-599`);
    }
    return { response, pattern, templates: compileAll(response.responseTemplates, `response of ${where}`) };
  });
}

// The setup fixes an integration for the gateway's life, so it is worked out once, not per call. The endpoint is
// not part of it: two gateways may share the integration objects and still call different endpoints.
const prepared = new WeakMap<AwsIntegration, PreparedAwsIntegration>();

function checkEndpoint(service: ServedAwsService, where: string, endpoints: AwsEndpoints): void {
  const endpoint = endpoints[service];
  if (endpoint === undefined) {
    throw invalid(`gateway ${where} integrates with ${service}, but no endpoint is set: give awsEndpoints.${service}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(endpoint);
  } catch (cause) {
    throw invalid(`gateway awsEndpoints.${service} "${endpoint}" is not a URL`, { cause });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalid(`gateway awsEndpoints.${service} "${endpoint}" must be http or https`);
  }
}

/** The service's base URL, without a trailing slash; `checkAwsIntegration` made sure there is one. */
export function awsEndpointOf(service: ServedAwsService, endpoints: AwsEndpoints): string {
  return (endpoints[service] ?? "").replace(/\/+$/, "");
}

function prepare(integration: AwsIntegration, where: string): PreparedAwsIntegration {
  const uri = parseAwsServiceUri(integration.uri, where);
  if (integration.httpMethod.toUpperCase() !== "POST") {
    throw invalid(`gateway ${where}: ${uri.service} actions are called with POST, not ${integration.httpMethod}`);
  }
  const passthrough = integration.passthroughBehavior ?? "WHEN_NO_MATCH";
  if (!PASSTHROUGH.includes(passthrough)) {
    throw invalid(`gateway passthroughBehavior "${passthrough}" of ${where} is not one of ${PASSTHROUGH.join(", ")}`);
  }
  const headerMappings: [string, string][] = [];
  for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
    const header = /^integration\.request\.header\.(.+)$/.exec(target)?.[1];
    if (header === undefined || !SOURCE.test(source)) {
      throw invalid(
        `gateway request parameter ${target} = ${source} of ${where} is not served: map integration.request.header.<name> ` +
          "from a 'literal' or method.request.(path|querystring|header).<name>",
      );
    }
    headerMappings.push([header, source]);
  }
  return {
    uri,
    passthrough,
    requestTemplates: compileAll(integration.requestTemplates, `request of ${where}`),
    headerMappings,
    responses: prepareResponses(integration.integrationResponses ?? [{ statusCode: 200 }], where),
  };
}

/** Checks an AWS integration at setup time, so that a bad one is refused before the gateway serves anything. */
export function checkAwsIntegration(integration: AwsIntegration, where: string, endpoints: AwsEndpoints): void {
  const ready = prepare(integration, where);
  checkEndpoint(ready.uri.service, where, endpoints);
  prepared.set(integration, ready);
}

/** The integration as `checkAwsIntegration` worked it out. */
export function preparedAwsIntegration(integration: AwsIntegration): PreparedAwsIntegration {
  let found = prepared.get(integration);
  if (found === undefined) {
    found = prepare(integration, integration.uri);
    prepared.set(integration, found);
  }
  return found;
}
