import { describe, expect, it } from "vitest";
import { pointAtStack, readApiDefinition, stackUri } from "../../../../harness/components/gateway/openapi/index.ts";
import type { ResourceSetup } from "../../../../harness/components/gateway/setup.ts";
import { kinesisIntegration, oas3, proxyIntegration, readOne } from "./exports.ts";

const methodOf = (resources: ResourceSetup[], verb: "GET" | "POST" | "ANY" | "OPTIONS") => resources[0]?.methods[verb];

describe("http_proxy integrations", () => {
  it("keep their uri, mappings and timeout; a fixed verb equal to the method's is the client's", () => {
    const api = readOne("/topics/{topic}", "post", {
      "x-amazon-apigateway-integration": proxyIntegration({
        httpMethod: "POST",
        uri: "https://backend.example.com/topics/{topic}?source=api",
        requestParameters: {
          "integration.request.path.topic": "method.request.path.topic",
          "integration.request.querystring.x": "'1'",
          "integration.request.header.X-Origin": "method.request.header.Origin",
        },
        timeoutInMillis: 5000,
      }),
    });
    expect(methodOf(api.resources, "POST")).toEqual({
      integration: {
        type: "HTTP_PROXY",
        uri: "https://backend.example.com/topics/{topic}?source=api",
        requestParameters: {
          "integration.request.path.topic": "method.request.path.topic",
          "integration.request.querystring.x": "'1'",
          "integration.request.header.X-Origin": "method.request.header.Origin",
        },
        timeoutMs: 5000,
      },
      apiKeyRequired: false,
    });
  });

  it("ignore what proxies and a replaced backend make moot: VPC link, TLS, caching, CONVERT_TO_TEXT", () => {
    const api = readOne("/{proxy+}", "x-amazon-apigateway-any-method", {
      "x-amazon-apigateway-integration": proxyIntegration({
        connectionType: "VPC_LINK",
        connectionId: "vl1234",
        tlsConfig: { insecureSkipVerification: true },
        contentHandling: "CONVERT_TO_TEXT",
        requestTemplates: { "application/json": "#set($x = 1)" },
        timeoutInMillis: undefined,
      }),
    });
    expect(methodOf(api.resources, "ANY")?.integration).toEqual({
      type: "HTTP_PROXY",
      uri: "http://ec2-203-0-113-25.compute-1.amazonaws.com:8082/{proxy}",
      requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
    });
  });
});

describe("aws integrations", () => {
  it("keep an empty list of integration responses, so a call ends as API Gateway's configuration error", () => {
    const api = readOne("/streams", "get", {
      "x-amazon-apigateway-integration": kinesisIntegration("ListStreams", {
        responses: undefined,
        passthroughBehavior: "never",
        timeoutInMillis: 10000,
      }),
    });
    expect(methodOf(api.resources, "GET")?.integration).toMatchObject({
      type: "AWS",
      passthroughBehavior: "NEVER",
      integrationResponses: [],
      timeoutMs: 10000,
    });
  });
});

describe("mock integrations", () => {
  it("answer the response their request template's status selects, with its literal headers and static body", () => {
    const api = readOne("/health", "get", {
      "x-amazon-apigateway-integration": {
        type: "mock",
        requestTemplates: { "application/json": '{"statusCode": 404}', "text/plain": '{ "statusCode" : 404 }' },
        passthroughBehavior: "when_no_match",
        responses: {
          default: { statusCode: "200" },
          "404": {
            statusCode: "404",
            responseParameters: { "method.response.header.X-Reason": "'gone'" },
            responseTemplates: { "application/json": '{"message": "not here"}' },
          },
        },
      },
    });
    expect(methodOf(api.resources, "GET")?.integration).toEqual({
      type: "MOCK",
      statusCode: 404,
      headers: { "X-Reason": "gone" },
      body: '{"message": "not here"}',
    });
  });

  it("select with 200 when they have no request template", () => {
    const api = readOne("/health", "get", {
      "x-amazon-apigateway-integration": {
        type: "mock",
        responses: { "2\\d{2}": { statusCode: "204" }, default: { statusCode: "500" } },
      },
    });
    expect(methodOf(api.resources, "GET")?.integration).toEqual({ type: "MOCK", statusCode: 204 });
  });
});

describe("what changes no answer here", () => {
  it("is ignored: endpoint configuration, documentation, validators that check nothing, auth NONE, path-only entries", () => {
    const text = JSON.stringify(
      oas3(
        {
          "/streams": { parameters: [], summary: "a step in the tree" },
          "/streams/{stream-name}": {
            description: "one stream",
            "x-custom-note": "kept by the user's tooling",
            get: {
              summary: "DescribeStream",
              "x-amazon-apigateway-request-validator": "none",
              "x-amazon-apigateway-auth": { type: "NONE" },
              "x-amazon-apigateway-integration": kinesisIntegration("DescribeStream"),
            },
          },
        },
        {
          "x-amazon-apigateway-endpoint-configuration": { types: ["REGIONAL"] },
          "x-amazon-apigateway-documentation": { version: "1", documentationParts: [] },
          "x-amazon-apigateway-request-validators": {
            none: { validateRequestBody: false, validateRequestParameters: false },
          },
          "x-amazon-apigateway-gateway-responses": {},
          "x-amazon-apigateway-binary-media-types": [],
        },
      ),
    );
    const api = readApiDefinition(text, "api.json");
    expect(api.resources.map((resource) => resource.path)).toEqual(["/streams/{stream-name}"]);
  });

  it("keeps binary media types beside proxies, which pass bytes unchanged anyway", () => {
    const text = JSON.stringify(
      oas3(
        {
          "/{proxy+}": { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": proxyIntegration() } },
        },
        { "x-amazon-apigateway-binary-media-types": ["*/*"] },
      ),
    );
    expect(readApiDefinition(text, "api.json").resources).toHaveLength(1);
  });
});

describe("pointing an export at the stack", () => {
  it("gives every HTTP proxy the REST proxy's scheme, host and port, keeping the path and query", () => {
    expect(
      stackUri("https://ec2-203-0-113-25.compute-1.amazonaws.com:8082/{proxy}", {
        restProxy: "http://127.0.0.1:8082/",
      }),
    ).toBe("http://127.0.0.1:8082/{proxy}");
    expect(
      stackUri("http://backend.example.com/topics/{topic}?source=api", { restProxy: "http://127.0.0.1:41234" }),
    ).toBe("http://127.0.0.1:41234/topics/{topic}?source=api");
    expect(stackUri("http://backend.example.com", { restProxy: "http://127.0.0.1:8082" })).toBe(
      "http://127.0.0.1:8082",
    );
  });

  it("leaves AWS and MOCK integrations, and the resources it was given, as they were", () => {
    const api = readOne("/streams", "get", { "x-amazon-apigateway-integration": kinesisIntegration("ListStreams") });
    const resources = [
      ...api.resources,
      ...readOne("/{proxy+}", "x-amazon-apigateway-any-method", {
        "x-amazon-apigateway-integration": proxyIntegration(),
      }).resources,
    ];
    const before = structuredClone(resources);
    const pointed = pointAtStack(resources, { restProxy: "http://127.0.0.1:8082" });
    expect(resources).toEqual(before);
    expect(pointed[0]).toEqual(resources[0]);
    expect(pointed[1]?.methods.ANY?.integration).toMatchObject({ uri: "http://127.0.0.1:8082/{proxy}" });
  });
});
