import type { Integration, MethodKey } from "../setup.ts";
import { awsIntegration } from "./aws.ts";
import type { ExportDocument } from "./document.ts";
import { httpProxyIntegration } from "./http-proxy.ts";
import { mockIntegration } from "./mock.ts";
import { malformed, unsupported, type Place } from "./place.ts";
import { checkContentHandling } from "./responses.ts";
import { isObject, optionalString, type JsonObject } from "./values.ts";

/** Every field of a REST API integration an export may hold; each type reads (or ignores) its own. */
const FIELDS = new Set([
  "type",
  "uri",
  "httpMethod",
  "credentials",
  "requestParameters",
  "requestTemplates",
  "passthroughBehavior",
  "timeoutInMillis",
  "responses",
  "contentHandling",
  "cacheNamespace",
  "cacheKeyParameters",
  "connectionType",
  "connectionId",
  "tlsConfig",
  "integrationTarget",
  "responseTransferMode",
]);

function checkCommon(integration: JsonObject, place: Place): void {
  if ("payloadFormatVersion" in integration) {
    throw unsupported(
      place,
      "payloadFormatVersion makes this an HTTP API (API Gateway v2) integration; pinpipe's gateway stands in for a " +
        "REST API: export the REST API (`aws apigateway get-export`)",
    );
  }
  for (const field of Object.keys(integration)) {
    if (!FIELDS.has(field)) {
      throw unsupported(place, `the integration field ${field} is not known to pinpipe's gateway; remove it`);
    }
  }
  // An export holds no stage's variables, so whatever they stand for cannot be known here.
  if (JSON.stringify(integration).includes("stageVariables")) {
    throw unsupported(
      place,
      "the integration uses stage variables, which an export does not hold and pinpipe's gateway has none of; " +
        "write their values into the file",
    );
  }
  const transfer = optionalString(integration.responseTransferMode, place, "responseTransferMode")?.toUpperCase();
  if (transfer !== undefined && transfer !== "BUFFERED") {
    throw unsupported(
      place,
      `responseTransferMode ${transfer} is not served: pinpipe's gateway buffers every answer; use BUFFERED`,
    );
  }
  checkContentHandling(integration.contentHandling, place, "contentHandling");
}

/** `x-amazon-apigateway-integration` as one of the gateway's integrations, or a refusal that says why not. */
export function integrationOf(
  operation: JsonObject,
  verb: MethodKey,
  document: ExportDocument,
  place: Place,
): Integration {
  const integration = operation["x-amazon-apigateway-integration"];
  if (integration === undefined || integration === null) {
    throw malformed(place, "the method has no x-amazon-apigateway-integration, so API Gateway could not deploy it");
  }
  if (!isObject(integration)) throw malformed(place, "x-amazon-apigateway-integration must be an object");
  checkCommon(integration, place);
  const type = optionalString(integration.type, place, "the integration type")?.toLowerCase();
  switch (type) {
    case "http_proxy":
      return httpProxyIntegration(integration, verb, place);
    case "aws":
      return awsIntegration(integration, document, place);
    case "mock":
      return mockIntegration(integration, place);
    case "aws_proxy":
      throw unsupported(
        place,
        "an aws_proxy (Lambda proxy) integration is not served: no Lambda runs in a pinpipe stack; pinpipe's " +
          "gateway serves http_proxy, mock, and aws integrations with Kinesis",
      );
    case "http":
      throw unsupported(
        place,
        "an http (non-proxy) integration is not served: pinpipe's gateway forwards to HTTP backends as http_proxy " +
          "only; make it an http_proxy integration, as the course's {proxy+} to the REST proxy is",
      );
    default:
      throw malformed(
        place,
        `the integration type ${type ?? "(none)"} is not http_proxy, http, aws, aws_proxy or mock`,
      );
  }
}
