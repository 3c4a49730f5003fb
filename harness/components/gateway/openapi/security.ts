import type { ExportDocument } from "./document.ts";
import { malformed, unsupported, type Place } from "./place.ts";
import { isObject, type JsonObject } from "./values.ts";

const REMOVE = "remove it from the method's security to call the method without it";

function authorizerRefusal(name: string, scheme: JsonObject): string {
  const type = String(scheme["x-amazon-apigateway-authtype"] ?? "custom").toLowerCase();
  if (type === "awssigv4") {
    return `IAM authorization ("${name}", awsSigv4) is not served: pinpipe's gateway checks no SigV4 signatures; ${REMOVE}`;
  }
  if (type === "cognito_user_pools") {
    return `the Cognito user pool authorizer "${name}" is not served: no Cognito runs in a pinpipe stack; ${REMOVE}`;
  }
  return `the Lambda authorizer "${name}" is not served: no Lambda runs in a pinpipe stack; ${REMOVE}`;
}

function isApiKeyScheme(scheme: JsonObject): boolean {
  return (
    scheme.type === "apiKey" &&
    typeof scheme.name === "string" &&
    scheme.name.toLowerCase() === "x-api-key" &&
    scheme.in === "header"
  );
}

/**
 * Whether the method requires an API key. An export writes a method's `apiKeyRequired` as a security requirement
 * on the `api_key` scheme (`x-api-key`, header) and its authorizer as another requirement beside it; every kind of
 * authorization other than API keys is refused.
 */
export function apiKeyRequired(operation: JsonObject, document: ExportDocument, place: Place): boolean {
  const auth = operation["x-amazon-apigateway-auth"];
  if (isObject(auth) && String(auth.type ?? "NONE").toUpperCase() !== "NONE") {
    throw unsupported(
      place,
      `x-amazon-apigateway-auth type ${String(auth.type)} is not served: pinpipe's gateway checks no SigV4 ` +
        "signatures; remove it to call the method without authorization",
    );
  }
  const requirements = operation.security ?? document.security;
  if (requirements === undefined || requirements === null) return false;
  if (!Array.isArray(requirements)) throw malformed(place, "security must be a list of requirements");
  const where = document.format === "openapi3" ? "components.securitySchemes" : "securityDefinitions";
  let required = false;
  for (const requirement of requirements) {
    if (!isObject(requirement)) throw malformed(place, "each security requirement must be an object");
    for (const name of Object.keys(requirement)) {
      const scheme = document.securitySchemes[name];
      if (!isObject(scheme)) throw malformed(place, `security names "${name}", which ${where} does not define`);
      if ("x-amazon-apigateway-authtype" in scheme || "x-amazon-apigateway-authorizer" in scheme) {
        throw unsupported(place, authorizerRefusal(name, scheme));
      }
      if (!isApiKeyScheme(scheme)) {
        throw unsupported(
          place,
          `security scheme "${name}" is neither an API key (x-api-key header) nor an API Gateway authorizer, ` +
            `so pinpipe's gateway cannot serve it; ${REMOVE}`,
        );
      }
      required = true;
    }
  }
  if (required && document.apiKeySource === "AUTHORIZER") {
    throw unsupported(
      place,
      "API keys from a Lambda authorizer (x-amazon-apigateway-api-key-source AUTHORIZER) are not served: no " +
        "Lambda runs in a pinpipe stack; use HEADER, where clients send x-api-key",
    );
  }
  return required;
}

/**
 * Refuses a method whose request validator checks anything: the gateway validates nothing, so it would pass calls
 * API Gateway answers with 400. A validator that checks neither body nor parameters changes nothing.
 */
export function checkRequestValidator(operation: JsonObject, document: ExportDocument, place: Place): void {
  const own = operation["x-amazon-apigateway-request-validator"];
  if (own !== undefined && own !== null && typeof own !== "string") {
    throw malformed(place, "x-amazon-apigateway-request-validator must be a validator's name");
  }
  const name = own ?? document.defaultValidator;
  if (name === undefined || name === null) return;
  const validator = document.validators[name];
  if (!isObject(validator)) {
    throw malformed(place, `names request validator "${name}", which x-amazon-apigateway-request-validators lacks`);
  }
  const checks = [
    validator.validateRequestBody === true ? "body" : undefined,
    validator.validateRequestParameters === true ? "parameters" : undefined,
  ].filter((check) => check !== undefined);
  if (checks.length > 0) {
    throw unsupported(
      place,
      `request validator "${name}" (${checks.join(" and ")}) is not served: pinpipe's gateway validates no ` +
        "requests and would pass calls API Gateway answers with 400; remove x-amazon-apigateway-request-validator " +
        "to run without validation",
    );
  }
}
