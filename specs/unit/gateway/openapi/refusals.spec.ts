import { describe, expect, it } from "vitest";
import { loadApiFile, readApiDefinition } from "../../../../harness/components/gateway/openapi/index.ts";
import { ErrorCode } from "../../../../harness/errors.ts";
import { kinesisIntegration, oas3, proxyIntegration, readOne, refusalOf, swagger2, type Doc } from "./exports.ts";

const lambdaUri =
  "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:f/invocations";

/** One POST /things method with this integration (and more of the operation), in an OpenAPI 3 file api.json. */
const post =
  (integration: Doc, operation: Doc = {}, extra: Doc = {}) =>
  () =>
    readOne("/things", "post", { ...operation, "x-amazon-apigateway-integration": integration }, extra);

const mock = (overrides: Doc) => ({
  type: "mock",
  requestTemplates: { "application/json": '{"statusCode": 200}' },
  responses: { default: { statusCode: "200" } },
  ...overrides,
});

const authorizer = (scheme: Doc) =>
  post(kinesisIntegration(), { security: [{ mine: [] }] }, { components: { securitySchemes: { mine: scheme } } });

describe("what pinpipe's gateway cannot serve is refused, naming the file, the path and the method", () => {
  it.each<[string, () => unknown, RegExp]>([
    ["a Lambda proxy", post({ type: "aws_proxy", httpMethod: "POST", uri: lambdaUri }), /aws_proxy \(Lambda proxy\)/],
    [
      "an HTTP custom integration",
      post({ type: "http", httpMethod: "POST", uri: "http://h:8082/x" }),
      /http \(non-proxy\)/,
    ],
    [
      "a Lambda aws integration",
      post(kinesisIntegration("PutRecord", { uri: lambdaUri })),
      /aws integration with lambda/,
    ],
    [
      "an SQS aws integration",
      post(kinesisIntegration("PutRecord", { uri: "arn:aws:apigateway:us-east-1:sqs:path/111122223333/q" })),
      /aws integration with sqs is not served/,
    ],
    [
      "a Kinesis action called with GET",
      post(kinesisIntegration("PutRecord", { httpMethod: "GET" })),
      /called with POST/,
    ],
    [
      "a Kinesis query-string mapping",
      post(kinesisIntegration("PutRecord", { requestParameters: { "integration.request.querystring.a": "'b'" } })),
      /integration\.request\.querystring\.a = 'b' .* is not served/,
    ],
    [
      "a template that does not parse",
      post(kinesisIntegration("PutRecord", { requestTemplates: { "application/json": "#if(" } })),
      /template for application\/json is invalid/,
    ],
    [
      "response headers on an aws integration",
      post(
        kinesisIntegration("PutRecord", {
          responses: {
            default: {
              statusCode: "200",
              responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" },
            },
          },
        }),
      ),
      /maps response headers \(method\.response\.header\.Access-Control-Allow-Origin\)/,
    ],
    [
      "binary media types beside an aws integration",
      post(kinesisIntegration(), {}, { "x-amazon-apigateway-binary-media-types": ["application/octet-stream"] }),
      /binary media types/,
    ],
    [
      "an http_proxy that fixes another verb",
      post(proxyIntegration({ httpMethod: "PUT", uri: "http://h:8082/things" })),
      /sends every call as PUT.*httpMethod to ANY or POST/,
    ],
    [
      "an http_proxy mapping from $context",
      post(proxyIntegration({ requestParameters: { "integration.request.header.X-Id": "context.requestId" } })),
      /X-Id = context\.requestId is not served/,
    ],
    [
      "stage variables",
      post(proxyIntegration({ uri: "http://${stageVariables.host}:8082/{proxy}" })),
      /stage variables, which an export does not hold/,
    ],
    [
      "CONVERT_TO_BINARY",
      post(proxyIntegration({ contentHandling: "CONVERT_TO_BINARY" })),
      /CONVERT_TO_BINARY is not served/,
    ],
    ["response streaming", post(proxyIntegration({ responseTransferMode: "STREAM" })), /STREAM is not served/],
    ["an unknown integration field", post(proxyIntegration({ retryPolicy: {} })), /field retryPolicy is not known/],
    [
      "an HTTP API integration",
      post(proxyIntegration({ payloadFormatVersion: "1.0" })),
      /HTTP API \(API Gateway v2\) integration/,
    ],
    [
      "a mock with a Velocity response",
      post(
        mock({
          responses: {
            default: { statusCode: "200", responseTemplates: { "application/json": "$context.requestId" } },
          },
        }),
      ),
      /uses Velocity/,
    ],
    [
      "a mock with a computed status",
      post(mock({ requestTemplates: { "application/json": '#if(true){"statusCode": 200}#end' } })),
      /not a plain \{"statusCode": <code>\}/,
    ],
    [
      "a mock selecting no response",
      post(mock({ responses: { "5\\d{2}": { statusCode: "500" } } })),
      /add a default response/,
    ],
    ["a mock with passthrough NEVER", post(mock({ passthroughBehavior: "never" })), /passthroughBehavior NEVER/],
    [
      "a Lambda authorizer",
      authorizer({
        type: "apiKey",
        name: "Authorization",
        in: "header",
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: lambdaUri },
      }),
      /Lambda authorizer "mine" is not served/,
    ],
    [
      "a Cognito authorizer",
      authorizer({
        type: "apiKey",
        name: "Authorization",
        in: "header",
        "x-amazon-apigateway-authtype": "cognito_user_pools",
      }),
      /Cognito user pool authorizer "mine"/,
    ],
    [
      "IAM authorization",
      authorizer({ type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" }),
      /IAM authorization \("mine", awsSigv4\)/,
    ],
    [
      "an OAuth scheme",
      authorizer({ type: "oauth2", flows: {} }),
      /neither an API key .* nor an API Gateway authorizer/,
    ],
    [
      "x-amazon-apigateway-auth AWS_IAM",
      post(kinesisIntegration(), { "x-amazon-apigateway-auth": { type: "AWS_IAM" } }),
      /x-amazon-apigateway-auth type AWS_IAM/,
    ],
    [
      "API keys from an authorizer",
      post(
        kinesisIntegration(),
        { security: [{ api_key: [] }] },
        { "x-amazon-apigateway-api-key-source": "AUTHORIZER" },
      ),
      /API keys from a Lambda authorizer/,
    ],
    [
      "a request validator that checks",
      post(
        kinesisIntegration(),
        {},
        {
          "x-amazon-apigateway-request-validator": "all",
          "x-amazon-apigateway-request-validators": {
            all: { validateRequestBody: true, validateRequestParameters: true },
          },
        },
      ),
      /request validator "all" \(body and parameters\) is not served/,
    ],
  ])("%s", (_, read, message) => {
    const error = refusalOf(read);
    expect(error.code).toBe(ErrorCode.InvalidOption);
    // The gateway's own start-up checks name the method their way: `api.json: gateway POST /things: …`.
    expect(error.message).toMatch(/^api\.json(: gateway .*POST \/things\b|, POST \/things: )/);
    expect(error.message).toMatch(message);
    expect(error.context).toMatchObject({ component: "gateway", file: "api.json", path: "/things", method: "POST" });
  });

  it.each<[string, Doc, RegExp]>([
    [
      "customized gateway responses",
      { "x-amazon-apigateway-gateway-responses": { DEFAULT_4XX: { responseParameters: {} } } },
      /customized gateway responses \(DEFAULT_4XX\)/,
    ],
    [
      "a resource policy",
      { "x-amazon-apigateway-policy": { Version: "2012-10-17", Statement: [] } },
      /resource policy/,
    ],
    ["compression", { "x-amazon-apigateway-minimum-compression-size": 0 }, /payload compression/],
    ["an HTTP API export", { "x-amazon-apigateway-importexport-version": "1.0" }, /HTTP API \(API Gateway v2\) export/],
    [
      "an unknown extension",
      { "x-amazon-apigateway-future-thing": true },
      /extension x-amazon-apigateway-future-thing/,
    ],
  ])("refuses %s for the whole API", (_, extra, message) => {
    const error = refusalOf(post(proxyIntegration(), {}, extra));
    expect(error.code).toBe(ErrorCode.InvalidOption);
    expect(error.message).toMatch(/^api\.json: /);
    expect(error.message).toMatch(message);
  });

  it("refuses a TRACE method and anything else that is not a method", () => {
    const trace = JSON.stringify(
      oas3({ "/things": { trace: { "x-amazon-apigateway-integration": proxyIntegration() } } }),
    );
    expect(refusalOf(() => readApiDefinition(trace, "api.json")).message).toMatch(/api\.json, \/things: .*no TRACE/);
    const ref = JSON.stringify(oas3({ "/things": { $ref: "#/components/pathItems/things" } }));
    expect(refusalOf(() => readApiDefinition(ref, "api.json")).message).toMatch(/\$ref is not a method/);
  });
});

describe("what is no API Gateway export is refused as such", () => {
  it.each<[string, string, string, RegExp]>([
    ["broken JSON", '{"openapi": ', "api.json", /api\.json: is not valid JSON/],
    ["broken YAML", "openapi: [3", "api.yaml", /api\.yaml: is not valid YAML/],
    ["another document", JSON.stringify({ asyncapi: "2.6.0" }), "api.json", /neither OpenAPI 3 .* nor Swagger 2/],
    ["no paths", JSON.stringify(oas3({})), "api.json", /has no paths/],
    [
      "paths without methods",
      JSON.stringify(oas3({ "/a": { summary: "x" } })),
      "api.json",
      /has no method on any path/,
    ],
    [
      "a method without integration",
      JSON.stringify(swagger2({ "/a": { get: { responses: {} } } })),
      "api.json",
      /api\.json, GET \/a: the method has no x-amazon-apigateway-integration/,
    ],
    [
      "a partial-segment parameter",
      JSON.stringify(oas3({ "/a{b}": { get: { "x-amazon-apigateway-integration": proxyIntegration() } } })),
      "api.json",
      /segment a\{b\} must be a whole \{name\} or \{name\+\}/,
    ],
    [
      "a greedy segment in the middle",
      JSON.stringify(oas3({ "/{p+}/a": { get: { "x-amazon-apigateway-integration": proxyIntegration() } } })),
      "api.json",
      /greedy segment \{p\+\} must be the path's last/,
    ],
    [
      "an undefined security scheme",
      JSON.stringify(
        swagger2({
          "/a": { get: { security: [{ nope: [] }], "x-amazon-apigateway-integration": proxyIntegration() } },
        }),
      ),
      "api.json",
      /security names "nope", which securityDefinitions does not define/,
    ],
    [
      "an unknown integration type",
      JSON.stringify(oas3({ "/a": { get: { "x-amazon-apigateway-integration": { type: "grpc" } } } })),
      "api.json",
      /integration type grpc is not http_proxy, http, aws, aws_proxy or mock/,
    ],
  ])("%s", (_, text, file, message) => {
    const error = refusalOf(() => readApiDefinition(text, file));
    expect(error.code).toBe(ErrorCode.InvalidOption);
    expect(error.message).toMatch(message);
  });

  it("says so when the file cannot be read", async () => {
    await expect(loadApiFile("no/such/api.json")).rejects.toMatchObject({
      code: ErrorCode.InvalidOption,
      message: expect.stringMatching(/cannot read the API file no\/such\/api\.json/),
    });
  });
});
