import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedGateway } from "../../../harness/components/gateway/index.ts";
import { startGateway } from "../../../harness/components/gateway/index.ts";
import { call, stackView } from "./client.ts";
import { createTopicsAndWait } from "../../../harness/runtime/kafka-admin.ts";

// The gateway in front of the stack's real REST proxy and Kafka: what the Python emulator sees.
const stack = stackView();
const restProxyUrl = stack?.restProxyUrl || undefined;
const bootstrapServers = stack?.kafka?.bootstrapServers;

const KAFKA_JSON = "application/vnd.kafka.json.v2+json";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Offsets and partitions differ between two produce calls; everything else must be byte-identical. */
function withoutPositions(body: string): string {
  return body.replace(/"offset":\d+/g, '"offset":N').replace(/"partition":\d+/g, '"partition":N');
}

describe("gateway -> real REST proxy", () => {
  if (restProxyUrl === undefined || bootstrapServers === undefined) {
    throw new Error("these specs need the stack's REST proxy and Kafka (specs/setup/stack.ts provides them)");
  }
  const topic = `pinpipe-gateway-${randomBytes(4).toString("hex")}`;
  const kafka = new Kafka({
    clientId: "pinpipe-gateway-spec",
    brokers: [bootstrapServers ?? ""],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const gateways: StartedGateway[] = [];
  let dir: string;
  let gw: StartedGateway;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-proxy-"));
    await admin.connect();
    // A topic of its own, so the pipeline topics the sink checks never see these records.
    await createTopicsAndWait(admin, [{ topic, numPartitions: 1, replicationFactor: 1 }]);
    gw = await startGateway({
      target: restProxyUrl ?? "",
      accessLogFile: join(dir, "access.log"),
      journalFile: join(dir, "journal.jsonl"),
    });
    gateways.push(gw);
  });

  afterAll(async () => {
    await Promise.all(gateways.map((handle) => handle.stop()));
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("34. the emulator's produce call returns the proxy's 200 body, byte-identical to a direct call", async () => {
    const body = JSON.stringify({
      records: [
        { value: { index: 7528, unique_id: "fbe53c66-3442-4773-b19e-d3ec6f54dddf", title: "No Title Data Available" } },
      ],
    });
    const headers = { "Content-Type": KAFKA_JSON };
    const direct = await call(`${restProxyUrl}/topics/${topic}`, { method: "POST", headers, body });
    const through = await call(`${gw.invokeUrl}/topics/${topic}`, { method: "POST", headers, body });
    expect(direct.status).toBe(200);
    expect(through.status).toBe(200);
    expect(withoutPositions(through.text)).toBe(withoutPositions(direct.text));
    expect(JSON.parse(through.text)).toMatchObject({ offsets: [{ partition: 0, error_code: null, error: null }] });
    expect(through.header("content-type")).toBe(direct.header("content-type"));
    expect(through.header("x-amzn-RequestId")).toMatch(UUID);
  });

  it("1. GET /prod/topics is the proxy's topic list, unchanged", async () => {
    // Specs running beside this one create topics: the list through the gateway must equal the direct list it falls
    // between, so a pair is taken again until no topic came or went around the gateway's call.
    for (let attempt = 1; ; attempt += 1) {
      const before = await call(`${restProxyUrl}/topics`);
      const through = await call(`${gw.invokeUrl}/topics`);
      const after = await call(`${restProxyUrl}/topics`);
      if (before.text !== after.text && attempt < 20) continue;
      expect(after.text).toBe(before.text);
      expect(through.status).toBe(before.status);
      expect(through.text).toBe(before.text);
      expect(JSON.parse(through.text)).toContain(topic);
      return;
    }
  });

  it("16. the proxy's 404 for a missing topic passes through, without x-amzn-ErrorType", async () => {
    const missing = `${topic}-missing`;
    const direct = await call(`${restProxyUrl}/topics/${missing}`);
    const through = await call(`${gw.invokeUrl}/topics/${missing}`);
    expect(direct.status).toBe(404);
    expect(through.status).toBe(404);
    expect(through.text).toBe(direct.text);
    expect(JSON.parse(through.text)).toMatchObject({ error_code: 40403 });
    expect(through.header("x-amzn-ErrorType")).toBeUndefined();
  });

  it("15. the proxy's framing headers come back remapped; it sends no Server header", async () => {
    const through = await call(`${gw.invokeUrl}/topics`);
    expect(through.header("x-amzn-Remapped-Date")).toMatch(/GMT$/);
    expect(through.header("x-amzn-Remapped-Server")).toBeUndefined();
    expect(through.header("Transfer-Encoding")).toBeUndefined();
    expect(through.header("Content-Length")).toBe(String(through.body.length));
  });

  it("a client that accepts gzip, as Python's requests does, gets the proxy's gzipped answer through the gateway", async () => {
    const body = JSON.stringify({ records: [{ value: { index: 1, title: "gzip through API Gateway" } }] });
    const through = await call(`${gw.invokeUrl}/topics/${topic}`, {
      method: "POST",
      headers: { "Content-Type": KAFKA_JSON, "Accept-Encoding": "gzip, deflate", Accept: "*/*" },
      body,
    });
    expect(through.status).toBe(200);
    expect(through.header("Content-Encoding")).toBe("gzip");
    expect(through.header("Vary")).toBe("Accept-Encoding");
    expect(through.header("x-amzn-Remapped-Content-Length")).toBe(String(through.body.length));
    // Jetty keeps the connection open without saying so, so there is nothing for the gateway to remap.
    expect(through.header("x-amzn-Remapped-Connection")).toBeUndefined();
    expect(JSON.parse(gunzipSync(through.body).toString("utf8"))).toMatchObject({
      offsets: [{ partition: 0, error_code: null, error: null }],
    });
  });

  it("3. the stage root still answers 403 MAT, with the proxy up", async () => {
    const response = await call(gw.invokeUrl);
    expect(response.status).toBe(403);
    expect(response.text).toBe('{"message":"Missing Authentication Token"}');
  });

  it("33 (fast). a produce to a missing topic outlasts the integration timeout: 504 at the timeout", async () => {
    const short = await startGateway({
      target: restProxyUrl ?? "",
      timeoutMs: 2000,
      accessLogFile: false,
      journalFile: false,
    });
    gateways.push(short);
    const begin = performance.now();
    const response = await call(`${short.invokeUrl}/topics/${topic}-absent`, {
      method: "POST",
      headers: { "Content-Type": KAFKA_JSON },
      body: '{"records":[{"value":{"a":1}}]}',
    });
    const elapsed = performance.now() - begin;
    expect(response.status).toBe(504);
    expect(response.text).toBe('{"message": "Endpoint request timed out"}');
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(10_000);
  });

  // Half a minute, but it is the one case that shows the real timeout against the real proxy's 60 s wait.
  it("33. with the default 29 s timeout, that produce is a 504 at 29 s", async () => {
    const begin = performance.now();
    const response = await call(`${gw.invokeUrl}/topics/${topic}-absent-slow`, {
      method: "POST",
      headers: { "Content-Type": KAFKA_JSON },
      body: '{"records":[{"value":{"a":1}}]}',
    });
    const elapsed = performance.now() - begin;
    expect(response.status).toBe(504);
    expect(elapsed).toBeGreaterThanOrEqual(28_900);
    expect(elapsed).toBeLessThan(35_000);
  }, 45_000);
});
