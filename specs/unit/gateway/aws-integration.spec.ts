import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UpstreamOutcome } from "../../../harness/components/gateway/integration.ts";
import { memoryLines } from "../../../harness/components/gateway/line-file.ts";
import { createGatewayServer } from "../../../harness/components/gateway/server.ts";
import type { AwsIntegration, ResourceSetup } from "../../../harness/components/gateway/setup.ts";
import { resolveSetup } from "../../../harness/components/gateway/setup.ts";
import { kinesisProxyUnderTest, type KinesisProxyUnderTest } from "./kinesis-proxy-support.ts";

const ENDPOINTS = { kinesis: "http://127.0.0.1:4567" };

function aws(overrides: Partial<AwsIntegration> = {}): AwsIntegration {
  return {
    type: "AWS",
    uri: "arn:aws:apigateway:us-east-1:kinesis:action/ListStreams",
    httpMethod: "POST",
    requestTemplates: { "application/json": "{}" },
    ...overrides,
  };
}

const at = (integration: AwsIntegration, path = "/streams", verb = "GET"): ResourceSetup[] => [
  { path, methods: { [verb]: { integration } } },
];

describe("AWS integrations at setup time", () => {
  it("accepts a Kinesis action uri with an endpoint", () => {
    expect(() =>
      resolveSetup({ target: "http://x:8082", resources: at(aws()), awsEndpoints: ENDPOINTS }),
    ).not.toThrow();
  });

  it("leaves the default setup as it was: no AWS endpoints needed", () => {
    expect(resolveSetup({ target: "http://127.0.0.1:8082" }).awsEndpoints).toEqual({});
  });

  it.each([
    ["http://127.0.0.1:4567/PutRecord", /not an API Gateway service ARN/],
    ["arn:aws:apigateway:us-east-1:sqs:action/SendMessage", /service "sqs" .* is not served: only kinesis/],
    ["arn:aws:apigateway:us-east-1:kinesis:path/streams", /must name an action/],
  ])("refuses uri %s", (uri, message) => {
    expect(() =>
      resolveSetup({ target: "http://x:8082", resources: at(aws({ uri })), awsEndpoints: ENDPOINTS }),
    ).toThrow(message);
  });

  it("refuses a Kinesis integration without a Kinesis endpoint, naming the option", () => {
    expect(() => resolveSetup({ target: "http://x:8082", resources: at(aws()) })).toThrow(/give awsEndpoints\.kinesis/);
  });

  it("refuses a verb other than POST, a mapping it cannot serve and a template that does not parse", () => {
    const resolve = (integration: AwsIntegration) => () =>
      resolveSetup({ target: "http://x:8082", resources: at(integration), awsEndpoints: ENDPOINTS });
    expect(resolve(aws({ httpMethod: "GET" }))).toThrow(/called with POST/);
    expect(resolve(aws({ requestParameters: { "integration.request.querystring.a": "'b'" } }))).toThrow(/not served/);
    expect(resolve(aws({ requestTemplates: { "application/json": "#if(" } }))).toThrow(
      /template for application\/json/,
    );
    expect(resolve(aws({ integrationResponses: [{ selectionPattern: "4(", statusCode: 400 }] }))).toThrow(
      /not a regex/,
    );
  });
});

describe("AWS integration calls against the Kinesis stand-in", () => {
  let t: KinesisProxyUnderTest;
  beforeAll(async () => {
    t = await kinesisProxyUnderTest({
      resources: [
        { path: "/never", methods: { POST: { integration: aws({ passthroughBehavior: "NEVER" }) } } },
        {
          path: "/no-templates",
          methods: { POST: { integration: aws({ passthroughBehavior: "WHEN_NO_TEMPLATES" }) } },
        },
        { path: "/no-match", methods: { POST: { integration: aws({ passthroughBehavior: "WHEN_NO_MATCH" }) } } },
        {
          path: "/mapped/{stream-name}",
          methods: {
            GET: {
              integration: aws({
                uri: "arn:aws:apigateway:us-east-1:kinesis:action/DescribeStream",
                requestTemplates: { "application/json": '{"StreamName": "$input.params(\'stream-name\')"}' },
                integrationResponses: [
                  {
                    selectionPattern: "4\\d{2}",
                    statusCode: 404,
                    responseTemplates: { "application/json": "{\"missing\": $input.json('$.__type')}" },
                  },
                  {
                    statusCode: 200,
                    responseTemplates: { "application/json": "$input.json('$.StreamDescription.StreamStatus')" },
                  },
                ],
              }),
            },
          },
        },
        {
          path: "/only-errors",
          methods: {
            GET: { integration: aws({ integrationResponses: [{ selectionPattern: "4\\d{2}", statusCode: 400 }] }) },
          },
        },
      ],
    });
  });
  afterAll(() => t.dispose());

  it("passthrough NEVER refuses a content type without a template with 415", async () => {
    const refused = await t.call("POST", "/prod/never", { body: "<a/>", headers: [["Content-Type", "text/xml"]] });
    expect(refused.status).toBe(415);
    expect(refused.text).toBe('{"message":"Unsupported Media Type"}');
    expect((await t.call("POST", "/prod/never", { json: {} })).json()).toMatchObject({ HasMoreStreams: false });
  });

  it("WHEN_NO_TEMPLATES refuses it too once a template exists; WHEN_NO_MATCH passes the body through", async () => {
    const text = [["Content-Type", "text/plain"]] as [string, string][];
    expect((await t.call("POST", "/prod/no-templates", { body: "{}", headers: text })).status).toBe(415);
    const passed = await t.call("POST", "/prod/no-match", { body: "{}", headers: text });
    expect(passed.status).toBe(200);
    expect(passed.json()).toMatchObject({ HasMoreStreams: false });
  });

  it("picks the integration response by Kinesis's status and renders its template", async () => {
    const missing = await t.call("GET", "/prod/mapped/nope");
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('{"missing": "ResourceNotFoundException"}');
  });

  it("answers 500 when no integration response matches and there is no default", async () => {
    const answer = await t.call("GET", "/prod/only-errors");
    expect(answer.status).toBe(500);
    expect(answer.text).toBe('{"message": "Internal server error"}');
    await t.gateway.flushLogs();
    const entry = JSON.parse(t.journal.lines.at(-1)!) as { integration: { error: string } };
    expect(entry.integration.error).toMatch(/No match for output mapping and no default output mapping configured/);
  });
});

describe("AWS integration failures on the way to Kinesis", () => {
  const resources = at(aws());
  const call = (server: ReturnType<typeof createGatewayServer>) =>
    server.handle({
      method: "GET",
      url: "/prod/streams",
      rawHeaders: ["Host", "127.0.0.1:4000"],
      body: Buffer.alloc(0),
      sourceIp: "127.0.0.1",
      keepAlive: true,
    });

  it("an integration timeout is 504 Endpoint request timed out", async () => {
    const timedOut: UpstreamOutcome = {
      ok: false,
      failure: "timeout",
      detail: "Execution failed due to a timeout error",
      latencyMs: 50,
    };
    const server = createGatewayServer({
      target: "http://127.0.0.1:8082",
      resources,
      awsEndpoints: ENDPOINTS,
      journal: memoryLines(),
      integration: { send: async () => timedOut, close: async () => {}, destroy: async () => {} },
    });
    const { response } = await call(server);
    expect(response.status).toBe(504);
    expect(response.body.toString()).toBe('{"message": "Endpoint request timed out"}');
    await server.close();
  });

  it("Kinesis not listening is 504 Network error communicating with endpoint", async () => {
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, "127.0.0.1", () => resolve((closed.address() as { port: number }).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    const server = createGatewayServer({
      target: "http://127.0.0.1:8082",
      resources,
      awsEndpoints: { kinesis: `http://127.0.0.1:${port}` },
    });
    const { response, access } = await call(server);
    expect(response.status).toBe(504);
    expect(response.body.toString()).toBe('{"message": "Network error communicating with endpoint"}');
    expect(access.integrationErrorMessage).toMatch(/Connection refused/);
    await server.close();
  });
});
