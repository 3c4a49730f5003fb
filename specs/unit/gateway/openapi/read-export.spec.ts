import { describe, expect, it } from "vitest";
import type { GatewayRequest } from "../../../../harness/components/gateway/handler.ts";
import { memoryLines } from "../../../../harness/components/gateway/line-file.ts";
import { pointAtStack, readApiDefinition } from "../../../../harness/components/gateway/openapi/index.ts";
import { createGatewayServer } from "../../../../harness/components/gateway/server.ts";
import type { ResourceSetup } from "../../../../harness/components/gateway/setup.ts";
import {
  EC2_URI,
  PUT_RECORD_TEMPLATE,
  ROLE,
  kinesisIntegration,
  oas3,
  proxyIntegration,
  swagger2,
  type Doc,
} from "./exports.ts";

const CORS_HEADERS = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token";

/** What every form of the sample API below reads into. */
const EXPECTED: ResourceSetup[] = [
  {
    path: "/{proxy+}",
    methods: {
      ANY: {
        integration: {
          type: "HTTP_PROXY",
          uri: EC2_URI,
          requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
          timeoutMs: 29000,
        },
        apiKeyRequired: false,
      },
    },
  },
  {
    path: "/streams/{stream-name}/record",
    methods: {
      PUT: {
        integration: {
          type: "AWS",
          uri: "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord",
          httpMethod: "POST",
          credentials: ROLE,
          requestParameters: { "integration.request.header.Content-Type": "'application/x-amz-json-1.1'" },
          requestTemplates: { "application/json": PUT_RECORD_TEMPLATE },
          passthroughBehavior: "WHEN_NO_MATCH",
          integrationResponses: [
            { statusCode: 200 },
            {
              selectionPattern: "4\\d{2}",
              statusCode: 400,
              responseTemplates: { "application/json": '{"failed": true}' },
            },
          ],
        },
        apiKeyRequired: true,
      },
      OPTIONS: {
        integration: {
          type: "MOCK",
          statusCode: 200,
          headers: {
            "Access-Control-Allow-Headers": CORS_HEADERS,
            "Access-Control-Allow-Methods": "OPTIONS,PUT",
            "Access-Control-Allow-Origin": "*",
          },
        },
        apiKeyRequired: false,
      },
    },
  },
];

const recordIntegration = kinesisIntegration("PutRecord", {
  responses: {
    default: { statusCode: "200" },
    "4\\d{2}": { statusCode: "400", responseTemplates: { "application/json": '{"failed": true}' } },
  },
});
const corsIntegration = {
  type: "mock",
  requestTemplates: { "application/json": '{"statusCode": 200}' },
  passthroughBehavior: "when_no_match",
  responses: {
    default: {
      statusCode: "200",
      responseParameters: {
        "method.response.header.Access-Control-Allow-Headers": `'${CORS_HEADERS}'`,
        "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,PUT'",
        "method.response.header.Access-Control-Allow-Origin": "'*'",
      },
    },
  },
};

function samplePaths(parameter: (name: string) => Doc): Doc {
  return {
    "/{proxy+}": {
      "x-amazon-apigateway-any-method": {
        parameters: [parameter("proxy")],
        "x-amazon-apigateway-integration": proxyIntegration(),
      },
    },
    "/streams/{stream-name}/record": {
      put: {
        parameters: [parameter("stream-name")],
        security: [{ api_key: [] }],
        "x-amazon-apigateway-integration": recordIntegration,
      },
      options: { "x-amazon-apigateway-integration": corsIntegration },
    },
  };
}

const OAS3_JSON = JSON.stringify(
  oas3(samplePaths((name) => ({ name, in: "path", required: true, schema: { type: "string" } }))),
);
const SWAGGER2_JSON = JSON.stringify(
  swagger2(samplePaths((name) => ({ name, in: "path", required: true, type: "string" }))),
);

// The same API as the console writes it in YAML: quoted values, block lists, templates as escaped strings.
const yamlMethods = (parameter: (name: string) => string): string => String.raw`
  /{proxy+}:
    x-amazon-apigateway-any-method:
      parameters:
${parameter("proxy")}
      x-amazon-apigateway-integration:
        httpMethod: "ANY"
        uri: "${EC2_URI}"
        responses:
          default:
            statusCode: "200"
        requestParameters:
          integration.request.path.proxy: "method.request.path.proxy"
        passthroughBehavior: "when_no_match"
        cacheNamespace: "h3k9ws"
        cacheKeyParameters:
        - "method.request.path.proxy"
        timeoutInMillis: 29000
        type: "http_proxy"
  /streams/{stream-name}/record:
    put:
      parameters:
${parameter("stream-name")}
      security:
      - api_key: []
      x-amazon-apigateway-integration:
        credentials: "${ROLE}"
        httpMethod: "POST"
        uri: "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord"
        responses:
          default:
            statusCode: "200"
          4\d{2}:
            statusCode: "400"
            responseTemplates:
              application/json: "{\"failed\": true}"
        requestParameters:
          integration.request.header.Content-Type: "'application/x-amz-json-1.1'"
        requestTemplates:
          application/json: ${JSON.stringify(PUT_RECORD_TEMPLATE)}
        passthroughBehavior: "when_no_match"
        type: "aws"
    options:
      x-amazon-apigateway-integration:
        type: "mock"
        requestTemplates:
          application/json: "{\"statusCode\": 200}"
        passthroughBehavior: "when_no_match"
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Headers: "'${CORS_HEADERS}'"
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,PUT'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
`;

const OAS3_YAML = String.raw`openapi: "3.0.1"
info:
  title: "spec-api"
  version: "2024-05-14T09:21:37Z"
servers:
- url: "https://x7k2p9q4rm.execute-api.us-east-1.amazonaws.com/{basePath}"
  variables:
    basePath:
      default: "/prod"
paths:${yamlMethods(
  (name) => `      - name: "${name}"
        in: "path"
        required: true
        schema:
          type: "string"`,
)}components:
  securitySchemes:
    api_key:
      type: "apiKey"
      name: "x-api-key"
      in: "header"
`;

const SWAGGER2_YAML = String.raw`swagger: "2.0"
info:
  version: "2024-05-14T09:21:37Z"
  title: "spec-api"
host: "x7k2p9q4rm.execute-api.us-east-1.amazonaws.com"
basePath: "/prod"
schemes:
- "https"
paths:${yamlMethods(
  (name) => `      - name: "${name}"
        in: "path"
        required: true
        type: "string"`,
)}securityDefinitions:
  api_key:
    type: "apiKey"
    name: "x-api-key"
    in: "header"
`;

describe("reading an API Gateway REST API export", () => {
  it.each([
    ["OpenAPI 3, JSON", OAS3_JSON, "api-prod-oas30-apigateway.json", "openapi3"],
    ["OpenAPI 3, YAML", OAS3_YAML, "api-prod-oas30-apigateway.yaml", "openapi3"],
    ["Swagger 2, JSON", SWAGGER2_JSON, "api-prod-swagger-apigateway.json", "swagger2"],
    ["Swagger 2, YAML", SWAGGER2_YAML, "api-prod-swagger-apigateway.yml", "swagger2"],
  ])("reads %s into the gateway's resources, with the stage its base path names", (_, text, file, format) => {
    const api = readApiDefinition(text, file);
    expect(api).toMatchObject({ file, format, stage: "prod" });
    expect(api.resources).toEqual(EXPECTED);
  });

  it("tells JSON from YAML by the text when the extension says neither", () => {
    expect(readApiDefinition(OAS3_JSON, "api.export").resources).toEqual(EXPECTED);
    expect(readApiDefinition(OAS3_YAML, "api.export").resources).toEqual(EXPECTED);
    expect(readApiDefinition(`\uFEFF${OAS3_JSON}`, "api.json").resources).toEqual(EXPECTED);
  });

  it.each([
    ["/prod", "prod"],
    ["prod", "prod"],
    ["/dev_2/", "dev_2"],
    ["", undefined],
    ["/v1/orders", undefined],
  ])("takes base path %j as stage %j", (basePath, stage) => {
    const openapi = oas3(
      samplePaths((name) => ({ name, in: "path" })),
      {
        servers: [{ url: "/{basePath}", variables: { basePath: { default: basePath } } }],
      },
    );
    expect(readApiDefinition(JSON.stringify(openapi), "api.json").stage).toBe(stage);
    const swagger = swagger2(
      samplePaths((name) => ({ name, in: "path" })),
      { basePath },
    );
    expect(readApiDefinition(JSON.stringify(swagger), "api.json").stage).toBe(stage);
  });

  it("names no stage when the export has no servers", () => {
    const openapi = oas3(
      samplePaths((name) => ({ name, in: "path" })),
      { servers: undefined },
    );
    expect(readApiDefinition(JSON.stringify(openapi), "api.json").stage).toBeUndefined();
  });

  it("serves what it read: the MOCK answers a preflight, the key-protected method wants x-api-key", async () => {
    const gateway = createGatewayServer({
      target: "http://127.0.0.1:8082",
      resources: pointAtStack(readApiDefinition(OAS3_YAML, "api.yaml").resources, {
        restProxy: "http://127.0.0.1:8082",
      }),
      awsEndpoints: { kinesis: "http://127.0.0.1:4567" },
      accessLog: memoryLines(),
      journal: memoryLines(),
    });
    const call = (method: string, url: string): GatewayRequest => ({
      method,
      url,
      rawHeaders: ["Host", "127.0.0.1:4000"],
      body: Buffer.alloc(0),
      sourceIp: "127.0.0.1",
      keepAlive: true,
    });
    try {
      const preflight = (await gateway.handle(call("OPTIONS", "/prod/streams/s/record"))).response;
      expect(preflight.status).toBe(200);
      expect(Object.fromEntries(preflight.headers)).toMatchObject({
        "Access-Control-Allow-Methods": "OPTIONS,PUT",
        "Access-Control-Allow-Origin": "*",
      });
      const keyless = (await gateway.handle(call("PUT", "/prod/streams/s/record"))).response;
      expect(keyless.status).toBe(403);
      expect(keyless.body.toString()).toBe('{"message":"Forbidden"}');
    } finally {
      await gateway.close();
    }
  });
});
