import { checkStageName } from "../setup.ts";
import { malformed, unsupported, type Place } from "./place.ts";
import { isObject, optionalObject, optionalString, type JsonObject } from "./values.ts";

/** The two shapes API Gateway exports a REST API in: `oas30` and `swagger`. */
export type ExportFormat = "openapi3" | "swagger2";

/** The API-wide parts of an export, checked; the paths are read method by method afterwards. */
export interface ExportDocument {
  file: string;
  format: ExportFormat;
  paths: JsonObject;
  /** By name: `components.securitySchemes` (OpenAPI 3) or `securityDefinitions` (Swagger 2). */
  securitySchemes: JsonObject;
  /** The API-wide security requirement, which a method without its own inherits. */
  security: unknown;
  /** `x-amazon-apigateway-request-validators`, by name. */
  validators: JsonObject;
  /** `x-amazon-apigateway-request-validator`: the validator of every method that names none. */
  defaultValidator: string | undefined;
  /** Whether the API lists binary media types. */
  binaryMediaTypes: boolean;
  /** Where API keys come from: the `x-api-key` header, or a Lambda authorizer. */
  apiKeySource: "HEADER" | "AUTHORIZER";
  /** The stage the export's base path names, when it is a valid stage name. */
  stage: string | undefined;
}

/** Read here (and refused when they change answers), or by the methods. */
const HANDLED = new Set([
  "x-amazon-apigateway-api-key-source",
  "x-amazon-apigateway-binary-media-types",
  "x-amazon-apigateway-request-validators",
  "x-amazon-apigateway-request-validator",
  "x-amazon-apigateway-gateway-responses",
  "x-amazon-apigateway-minimum-compression-size",
  "x-amazon-apigateway-policy",
]);

/**
 * Ignored, harmlessly: the endpoint type (EDGE, REGIONAL, PRIVATE, VPC endpoints, the disabled default endpoint)
 * decides where AWS answers, and pinpipe's gateway answers on its own address whatever it says; documentation
 * parts change no answer.
 */
const IGNORED = new Set(["x-amazon-apigateway-endpoint-configuration", "x-amazon-apigateway-documentation"]);

/** Extensions only an HTTP API (API Gateway v2) export has. */
const HTTP_API_ONLY = ["x-amazon-apigateway-importexport-version", "x-amazon-apigateway-cors"];

function checkExtensions(root: JsonObject, place: Place): void {
  for (const name of HTTP_API_ONLY) {
    if (name in root) {
      throw unsupported(
        place,
        `${name} makes this an HTTP API (API Gateway v2) export; pinpipe's gateway stands in for a REST API: export ` +
          "the REST API (`aws apigateway get-export`)",
      );
    }
  }
  const responses = root["x-amazon-apigateway-gateway-responses"];
  if (isObject(responses) && Object.keys(responses).length > 0) {
    throw unsupported(
      place,
      `customized gateway responses (${Object.keys(responses).join(", ")}) are not served: pinpipe's gateway answers ` +
        "its errors as API Gateway's defaults; remove x-amazon-apigateway-gateway-responses to run with those",
    );
  }
  if (typeof root["x-amazon-apigateway-minimum-compression-size"] === "number") {
    throw unsupported(
      place,
      "payload compression (x-amazon-apigateway-minimum-compression-size) is not served: pinpipe's gateway never " +
        "compresses its answers; remove it to run without compression",
    );
  }
  if (root["x-amazon-apigateway-policy"] !== undefined && root["x-amazon-apigateway-policy"] !== null) {
    throw unsupported(
      place,
      "a resource policy (x-amazon-apigateway-policy) is not evaluated by pinpipe's gateway, which would let every " +
        "call through; remove it to run without one",
    );
  }
  for (const name of Object.keys(root)) {
    if (!name.startsWith("x-amazon-apigateway-") || HANDLED.has(name) || IGNORED.has(name)) continue;
    throw unsupported(place, `the extension ${name} is not known to pinpipe's gateway; remove it to run without it`);
  }
}

function formatOf(root: JsonObject, place: Place): ExportFormat {
  if (typeof root.openapi === "string" && /^3\./.test(root.openapi)) return "openapi3";
  if (root.swagger === "2.0" || root.swagger === 2) return "swagger2";
  throw malformed(place, 'is neither OpenAPI 3 ("openapi": "3.0.1") nor Swagger 2 ("swagger": "2.0")');
}

/** `/prod`, `prod` or `prod/` is stage `prod`; a custom domain's multi-level base path names no stage. */
function stageOf(basePath: string | undefined): string | undefined {
  if (basePath === undefined) return undefined;
  const name = basePath.replace(/^\/+|\/+$/g, "");
  try {
    checkStageName(name);
    return name;
  } catch {
    return undefined;
  }
}

/** OpenAPI 3 exports name the stage in `servers[].variables.basePath.default`, Swagger 2 in `basePath`. */
function basePathOf(root: JsonObject, format: ExportFormat, place: Place): string | undefined {
  if (format === "swagger2") return optionalString(root.basePath, place, "basePath");
  const servers = root.servers;
  if (servers === undefined) return undefined;
  if (!Array.isArray(servers)) throw malformed(place, "servers must be a list");
  for (const server of servers) {
    const variables = isObject(server) ? optionalObject(server.variables, place, "servers[].variables") : undefined;
    const basePath = variables?.basePath;
    if (isObject(basePath) && typeof basePath.default === "string") return basePath.default;
  }
  return undefined;
}

/** Checks the API-wide parts of an export and gathers what the methods need. */
export function readExportDocument(value: unknown, file: string): ExportDocument {
  const place = { file };
  if (!isObject(value)) throw malformed(place, "is not an OpenAPI document (an object at the top)");
  const format = formatOf(value, place);
  checkExtensions(value, place);
  const paths = optionalObject(value.paths, place, "paths");
  if (paths === undefined || Object.keys(paths).length === 0) {
    throw malformed(place, "has no paths, so the gateway would serve nothing");
  }
  const schemes =
    format === "openapi3"
      ? optionalObject(optionalObject(value.components, place, "components")?.securitySchemes, place, "securitySchemes")
      : optionalObject(value.securityDefinitions, place, "securityDefinitions");
  const source = (optionalString(value["x-amazon-apigateway-api-key-source"], place, "api key source") ?? "HEADER")
    .trim()
    .toUpperCase();
  if (source !== "HEADER" && source !== "AUTHORIZER") {
    throw malformed(place, `x-amazon-apigateway-api-key-source "${source}" is neither HEADER nor AUTHORIZER`);
  }
  const binary = value["x-amazon-apigateway-binary-media-types"];
  if (binary !== undefined && binary !== null && !Array.isArray(binary)) {
    throw malformed(place, "x-amazon-apigateway-binary-media-types must be a list");
  }
  return {
    file,
    format,
    paths,
    securitySchemes: schemes ?? {},
    security: value.security,
    validators: optionalObject(value["x-amazon-apigateway-request-validators"], place, "request validators") ?? {},
    defaultValidator: optionalString(value["x-amazon-apigateway-request-validator"], place, "request validator"),
    binaryMediaTypes: Array.isArray(binary) && binary.length > 0,
    apiKeySource: source,
    stage: stageOf(basePathOf(value, format, place)),
  };
}
