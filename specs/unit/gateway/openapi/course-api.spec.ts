import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kinesisProxyResources } from "../../../../harness/components/gateway/kinesis-proxy-resources.ts";
import { loadApiFile, pointAtStack } from "../../../../harness/components/gateway/openapi/index.ts";
import type { ResourceSetup } from "../../../../harness/components/gateway/setup.ts";
import { proxyResource } from "../../../../harness/components/gateway/setup.ts";
import { projectPath } from "../../../../harness/paths.ts";
import { kinesisProxyUnderTest, type KinesisProxyUnderTest } from "../kinesis-proxy-support.ts";

const FIXTURE = projectPath("fixtures", "api", "pinterest-api-prod-oas30-apigateway.json");
const ROLE = "arn:aws:iam::111122223333:role/0a1b2c3d4e5f-kinesis-access-role";

const byPath = (resources: ResourceSetup[]) => [...resources].sort((a, b) => a.path.localeCompare(b.path));

/**
 * What the stack builds without a file, with the two settings the console writes out where the built-in setup
 * leaves the default: the 29 s timeout (the gateway's own default) and `apiKeyRequired: false` (no key is set).
 */
function builtIn(restProxy: string): ResourceSetup[] {
  return [proxyResource(restProxy, 29000), ...kinesisProxyResources({ region: "us-east-1", credentials: ROLE })].map(
    (resource) => ({
      path: resource.path,
      methods: Object.fromEntries(
        Object.entries(resource.methods).map(([verb, method]) => [
          verb,
          { ...method, integration: { ...method.integration, timeoutMs: 29000 }, apiKeyRequired: false },
        ]),
      ),
    }),
  );
}

describe("the course's API, as the console exports it (fixtures/api)", () => {
  it("reads into the resources the stack builds by default, the EC2 host pointed at the stack's REST proxy", async () => {
    const api = await loadApiFile(FIXTURE);
    expect(api).toMatchObject({ format: "openapi3", stage: "prod" });
    const pointed = pointAtStack(api.resources, { restProxy: "http://127.0.0.1:8082" });
    expect(byPath(pointed)).toEqual(byPath(builtIn("http://127.0.0.1:8082")));
  });
});

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe("a gateway serving the course's API from the file", () => {
  const received: Received[] = [];
  // The REST proxy's stand-in: records what reaches it and answers as a v2 produce does.
  const backend = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(200, { "Content-Type": "application/vnd.kafka.v2+json" });
      response.end('{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null}');
    });
  });
  let backendUrl: string;
  let t: KinesisProxyUnderTest;

  beforeAll(async () => {
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const api = await loadApiFile(FIXTURE);
    t = await kinesisProxyUnderTest({
      stage: api.stage,
      resources: pointAtStack(api.resources, { restProxy: backendUrl }),
    });
  });
  afterAll(async () => {
    await t.dispose();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  it("POSTs /topics/<topic> through {proxy+} to the REST proxy, path, body and answer unchanged", async () => {
    const body = JSON.stringify({ records: [{ value: { index: 7528, unique_id: "fbe53c66" } }] });
    const answer = await t.call("POST", "/prod/topics/0a1b2c3d4e5f.pin", {
      body,
      headers: [["Content-Type", "application/vnd.kafka.json.v2+json"]],
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ offsets: [{ partition: 0, offset: 0 }] });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: "POST", url: "/topics/0a1b2c3d4e5f.pin", body });
    expect(received[0]?.headers.host).toBe(new URL(backendUrl).host);
    expect(received[0]?.headers["content-type"]).toBe("application/vnd.kafka.json.v2+json");
  });

  it("PUTs a record through /streams/<name>/record into Kinesis, as the tutorial's template makes it", async () => {
    const stream = "streaming-0a1b2c3d4e5f-pin";
    expect((await t.call("POST", `/prod/streams/${stream}`)).status).toBe(200);
    const row = { index: 7528, unique_id: "fbe53c66", title: "No Title Data Available" };
    const put = await t.call("PUT", `/prod/streams/${stream}/record`, {
      json: { StreamName: stream, Data: row, PartitionKey: "partition-1" },
    });
    expect(put.status).toBe(200);
    expect(put.json()).toEqual({ SequenceNumber: expect.stringMatching(/^\d+$/), ShardId: expect.any(String) });

    const iterator = await t.call(
      "GET",
      `/prod/streams/${stream}/sharditerator?shard-id=${String(put.json().ShardId)}`,
    );
    const read = await t.call("GET", `/prod/streams/${stream}/records`, {
      headers: [["Shard-Iterator", String(iterator.json().ShardIterator)]],
    });
    const [record] = read.json().Records as { Data: string; PartitionKey: string; SequenceNumber: string }[];
    expect(Buffer.from(String(record?.Data), "base64").toString("utf8")).toBe(JSON.stringify(row));
    expect(record).toMatchObject({ PartitionKey: "partition-1", SequenceNumber: put.json().SequenceNumber });
    // Kinesis is the stand-in's, not the REST proxy: nothing more reached the backend.
    expect(received.filter((request) => request.url.startsWith("/streams"))).toEqual([]);
  });
});
