import { SERVED_AWS_SERVICES } from "../aws-integration-setup.ts";
import type { AwsIntegration, IntegrationResponse, PassthroughBehavior } from "../setup.ts";
import type { ExportDocument } from "./document.ts";
import { malformed, unsupported, type Place } from "./place.ts";
import { readResponses } from "./responses.ts";
import { optionalInteger, optionalString, optionalStringMap, type JsonObject } from "./values.ts";

const PASSTHROUGH: readonly PassthroughBehavior[] = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];

function serviceOf(uri: string | undefined, place: Place): string {
  const service = uri === undefined ? undefined : /^arn:aws:apigateway:[a-z0-9-]+:([a-z0-9-]+):/.exec(uri)?.[1];
  if (service === undefined) {
    throw malformed(place, `the aws integration uri ${uri ?? "(none)"} is not arn:aws:apigateway:<region>:<service>:…`);
  }
  return service;
}

function integrationResponses(value: unknown, place: Place): IntegrationResponse[] {
  // Without integration responses every call of the method ends in API Gateway's 500 ("No match for output
  // mapping"): an empty list, not the gateway's default of one 200 response, keeps that.
  return (readResponses(value, place) ?? []).map((response) => {
    if (response.responseParameters !== undefined) {
      throw unsupported(
        place,
        `integration response ${response.selectionPattern ?? "default"} maps response headers ` +
          `(${Object.keys(response.responseParameters).join(", ")}), which pinpipe's gateway does not serve for ` +
          "aws integrations; remove its responseParameters to run without them",
      );
    }
    const result: IntegrationResponse = { statusCode: response.statusCode };
    if (response.selectionPattern !== undefined) result.selectionPattern = response.selectionPattern;
    if (response.responseTemplates !== undefined) result.responseTemplates = response.responseTemplates;
    return result;
  });
}

/**
 * An `aws` integration with a service pinpipe runs (Kinesis). The action, the verb, the parameter mappings and the
 * templates are checked as the gateway checks them at start-up, once the whole file is read. Ignored: the cache
 * settings (nothing is cached), and the credentials' permissions (kept, but the local service checks none).
 */
export function awsIntegration(integration: JsonObject, document: ExportDocument, place: Place): AwsIntegration {
  const uri = optionalString(integration.uri, place, "the integration uri");
  const service = serviceOf(uri, place);
  if (!(SERVED_AWS_SERVICES as readonly string[]).includes(service)) {
    throw unsupported(
      place,
      `an aws integration with ${service} is not served: a pinpipe stack runs ${SERVED_AWS_SERVICES.join(", ")} ` +
        "among AWS's services",
    );
  }
  if (document.binaryMediaTypes) {
    throw unsupported(
      place,
      "the API's binary media types change what this aws integration's templates read, and pinpipe's gateway " +
        "takes every payload as text; remove x-amazon-apigateway-binary-media-types to run without them",
    );
  }
  const passthrough = (optionalString(integration.passthroughBehavior, place, "passthroughBehavior") ?? "WHEN_NO_MATCH")
    .trim()
    .toUpperCase();
  if (!(PASSTHROUGH as readonly string[]).includes(passthrough)) {
    throw malformed(place, `passthroughBehavior "${passthrough}" is not one of ${PASSTHROUGH.join(", ")}`);
  }
  const httpMethod = optionalString(integration.httpMethod, place, "the integration httpMethod");
  if (httpMethod === undefined) throw malformed(place, "the aws integration has no httpMethod");
  const result: AwsIntegration = {
    type: "AWS",
    uri: uri as string,
    httpMethod,
    passthroughBehavior: passthrough as PassthroughBehavior,
    integrationResponses: integrationResponses(integration.responses, place),
  };
  const credentials = optionalString(integration.credentials, place, "credentials");
  if (credentials !== undefined) result.credentials = credentials;
  const parameters = optionalStringMap(integration.requestParameters, place, "requestParameters");
  if (parameters !== undefined) result.requestParameters = parameters;
  const templates = optionalStringMap(integration.requestTemplates, place, "requestTemplates");
  if (templates !== undefined) result.requestTemplates = templates;
  const timeoutMs = optionalInteger(integration.timeoutInMillis, place, "timeoutInMillis");
  if (timeoutMs !== undefined) result.timeoutMs = timeoutMs;
  return result;
}
