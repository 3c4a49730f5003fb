import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseConfig,
  closeClients,
  createBucket,
  createTopic,
  rest,
  startTarget,
  unique,
  until,
  type Target,
} from "./support.ts";

// Checklist §12 R1-R7 against a running worker (pinpipe's, or the one PINPIPE_CONNECT_URL names).
let target: Target;
const bucket = unique("sink-rest");
const topic = unique("ev");
const name = "s3";

beforeAll(async () => {
  target = await startTarget();
  await createBucket(bucket);
  await createTopic(topic);
});

afterAll(async () => {
  await rest(target, "DELETE", `/connectors/${name}`);
  await target.stop();
  await closeClients();
});

describe("Connect REST API", () => {
  it("GET / describes the worker", async () => {
    const r = await rest(target, "GET", "/");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body as object)).toEqual(["version", "commit", "kafka_cluster_id"]);
  });

  it("R1/R2: POST /connectors, then again", async () => {
    const config = baseConfig(bucket, topic);
    const r = await rest(target, "POST", "/connectors", { name, config });
    expect(r.status).toBe(201);
    expect(r.headers.get("location")).toMatch(/\/connectors\/s3$/);
    expect(r.body).toEqual({ name, config: { ...config, name }, tasks: [], type: "sink" });
    const again = await rest(target, "POST", "/connectors", { name, config });
    expect(again.status).toBe(409);
    expect(again.text).toBe('{"error_code":409,"message":"Connector s3 already exists"}');
  });

  it("R3: unknown connectors", async () => {
    const cases: [string, string, string][] = [
      ["GET", "/connectors/nope", "Connector nope not found"],
      ["GET", "/connectors/nope/status", "No status found for connector nope"],
      ["PUT", "/connectors/nope/pause", "Unknown connector nope"],
      ["POST", "/connectors/nope/restart", "Unknown connector: nope"],
    ];
    for (const [method, path, message] of cases) {
      const r = await rest(target, method, path);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error_code: 404, message });
    }
  });

  it("R4: name mismatch", async () => {
    const r = await rest(target, "PUT", "/connectors/a/config", { ...baseConfig(bucket, topic), name: "b" });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error_code: 400,
      message: "Connector name configuration (b) doesn't match connector name in the URL (a)",
    });
  });

  it("R5: a missing flush.size", async () => {
    const { "flush.size": _drop, ...config } = baseConfig(bucket, topic);
    const r = await rest(target, "POST", "/connectors", { name: "nf", config });
    expect(r.status).toBe(400);
    expect((r.body as { message: string }).message).toBe(
      "Connector configuration is invalid and contains the following 1 error(s):\n" +
        'Missing required configuration "flush.size" which has no default value.\n' +
        "You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
    );
  });

  it("R6: unknown route; delete then get", async () => {
    const r = await rest(target, "GET", "/nowhere");
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error_code: 404, message: "HTTP 404 Not Found" });
    const config = baseConfig(bucket, topic);
    expect((await rest(target, "PUT", "/connectors/tmp/config", config)).status).toBe(201);
    const d = await rest(target, "DELETE", "/connectors/tmp");
    expect(d.status).toBe(204);
    expect(d.text).toBe("");
    expect((await rest(target, "GET", "/connectors/tmp")).status).toBe(404);
  });

  it("R7: pause, then status", async () => {
    await until("task running", async () => {
      const s = (await rest(target, "GET", `/connectors/${name}/status`)).body as { tasks: { state: string }[] };
      return s.tasks[0]?.state === "RUNNING" ? true : undefined;
    });
    const p = await rest(target, "PUT", `/connectors/${name}/pause`);
    expect(p.status).toBe(202);
    const s = await until("paused", async () => {
      const b = (await rest(target, "GET", `/connectors/${name}/status`)).body as {
        connector: { state: string };
        tasks: { id: number; state: string; worker_id: string }[];
        type: string;
      };
      return b.connector.state === "PAUSED" && b.tasks.every((t) => t.state === "PAUSED") ? b : undefined;
    });
    expect(s.type).toBe("sink");
    expect(Object.keys(s)).toEqual(["name", "connector", "tasks", "type"]);
    expect((await rest(target, "PUT", `/connectors/${name}/resume`)).status).toBe(202);
  });

  it("lists the plugin", async () => {
    const r = await rest(target, "GET", "/connector-plugins");
    expect((r.body as { class: string }[]).map((p) => p.class)).toContain("io.confluent.connect.s3.S3SinkConnector");
  });
});
