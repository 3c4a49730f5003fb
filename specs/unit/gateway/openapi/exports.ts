import type { ApiDefinition } from "../../../../harness/components/gateway/openapi/index.ts";
import { readApiDefinition } from "../../../../harness/components/gateway/openapi/index.ts";
import type { PinpipeError } from "../../../../harness/errors.ts";
import { isPinpipeError } from "../../../../harness/errors.ts";

/** Export-shaped documents for the reader's specs: the API-wide parts of each shape around the given paths. */
export type Doc = Record<string, unknown>;

export const EC2_URI = "http://ec2-203-0-113-25.compute-1.amazonaws.com:8082/{proxy}";
export const ROLE = "arn:aws:iam::111122223333:role/0a1b2c3d4e5f-kinesis-access-role";
export const PUT_RECORD_TEMPLATE = [
  "{",
  '    "StreamName": "$input.params(\'stream-name\')",',
  '    "Data": "$util.base64Encode($input.json(\'$.Data\'))",',
  '    "PartitionKey": "$input.path(\'$.PartitionKey\')"',
  "}",
].join("\n");

export function oas3(paths: Doc, extra: Doc = {}): Doc {
  return {
    openapi: "3.0.1",
    info: { title: "spec-api", version: "2024-05-14T09:21:37Z" },
    servers: [
      {
        url: "https://x7k2p9q4rm.execute-api.us-east-1.amazonaws.com/{basePath}",
        variables: { basePath: { default: "/prod" } },
      },
    ],
    paths,
    components: { securitySchemes: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } } },
    ...extra,
  };
}

export function swagger2(paths: Doc, extra: Doc = {}): Doc {
  return {
    swagger: "2.0",
    info: { version: "2024-05-14T09:21:37Z", title: "spec-api" },
    host: "x7k2p9q4rm.execute-api.us-east-1.amazonaws.com",
    basePath: "/prod",
    schemes: ["https"],
    paths,
    securityDefinitions: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } },
    ...extra,
  };
}

/** A Kinesis `aws` integration as exports write it; `overrides` replace or (with undefined) drop fields. */
export function kinesisIntegration(action = "PutRecord", overrides: Doc = {}): Doc {
  return {
    credentials: ROLE,
    httpMethod: "POST",
    uri: `arn:aws:apigateway:us-east-1:kinesis:action/${action}`,
    responses: { default: { statusCode: "200" } },
    requestParameters: { "integration.request.header.Content-Type": "'application/x-amz-json-1.1'" },
    requestTemplates: { "application/json": PUT_RECORD_TEMPLATE },
    passthroughBehavior: "when_no_match",
    type: "aws",
    ...overrides,
  };
}

export function proxyIntegration(overrides: Doc = {}): Doc {
  return {
    httpMethod: "ANY",
    uri: EC2_URI,
    responses: { default: { statusCode: "200" } },
    requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
    passthroughBehavior: "when_no_match",
    cacheNamespace: "h3k9ws",
    cacheKeyParameters: ["method.request.path.proxy"],
    timeoutInMillis: 29000,
    type: "http_proxy",
    ...overrides,
  };
}

/** One method on one path, as an OpenAPI 3 JSON file named api.json. */
export function readOne(path: string, verbKey: string, operation: Doc, extra: Doc = {}): ApiDefinition {
  return readApiDefinition(JSON.stringify(oas3({ [path]: { [verbKey]: operation } }, extra)), "api.json");
}

/** The PinpipeError `run` throws; fails the spec when it throws none or something else. */
export function refusalOf(run: () => unknown): PinpipeError {
  try {
    run();
  } catch (error) {
    if (isPinpipeError(error)) return error;
    throw error;
  }
  throw new Error("expected a PinpipeError, but nothing was thrown");
}
