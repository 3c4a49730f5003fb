import { describe, expect, it } from "vitest";
import { connectApiWithoutBackends } from "../../support/unreachable-herder.ts";
import { parseConnectorDefinition } from "../../../harness/components/sink/connector-file.ts";
import { pinterestConnectorConfig } from "../../../harness/components/sink/index.ts";

const handle = connectApiWithoutBackends();

const call = (method: string, path: string, body?: unknown) => {
  const url = new URL(path, "http://w");
  return handle({
    method,
    path: url.pathname,
    query: url.searchParams,
    body: body === undefined ? "" : JSON.stringify(body),
    base: "http://127.0.0.1:8083",
  });
};

const CONFIG = {
  "connector.class": "io.confluent.connect.s3.S3SinkConnector",
  "s3.bucket.name": "b",
  "s3.region": "us-east-1",
  "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
  "storage.class": "io.confluent.connect.s3.storage.S3Storage",
  "flush.size": "3",
  topics: "ev",
};

describe("Connect REST API", () => {
  it("creates a connector (R1) and refuses a second one (R2)", async () => {
    const r = await call("POST", "/connectors", { name: "s3", config: CONFIG });
    expect(r.status).toBe(201);
    expect(r.headers?.Location).toBe("http://127.0.0.1:8083/connectors/s3");
    expect(r.body).toEqual({ name: "s3", config: { ...CONFIG, name: "s3" }, tasks: [], type: "sink" });
    const again = await call("POST", "/connectors", { name: "s3", config: CONFIG });
    expect(again).toEqual({ status: 409, body: { error_code: 409, message: "Connector s3 already exists" } });
    expect((await call("GET", "/connectors")).body).toEqual(["s3"]);
    const info = await call("GET", "/connectors/s3");
    expect(info.body).toEqual({
      name: "s3",
      config: { ...CONFIG, name: "s3" },
      tasks: [{ connector: "s3", task: 0 }],
      type: "sink",
    });
    const tasks = await call("GET", "/connectors/s3/tasks");
    expect(tasks.body).toEqual([
      {
        id: { connector: "s3", task: 0 },
        config: { ...CONFIG, name: "s3", "task.class": "io.confluent.connect.s3.S3SinkTask" },
      },
    ]);
  });

  it("answers unknown connectors with the exact messages (R3)", async () => {
    expect((await call("GET", "/connectors/nope")).body).toEqual({
      error_code: 404,
      message: "Connector nope not found",
    });
    expect((await call("GET", "/connectors/nope/status")).body).toEqual({
      error_code: 404,
      message: "No status found for connector nope",
    });
    expect((await call("PUT", "/connectors/nope/pause")).body).toEqual({
      error_code: 404,
      message: "Unknown connector nope",
    });
    expect((await call("POST", "/connectors/nope/restart")).body).toEqual({
      error_code: 404,
      message: "Unknown connector: nope",
    });
    expect((await call("GET", "/connectors/nope/config")).status).toBe(404);
    expect((await call("DELETE", "/connectors/nope")).body).toEqual({
      error_code: 404,
      message: "Connector nope not found",
    });
    expect((await call("GET", "/connectors/s3/tasks/9/status")).body).toEqual({
      error_code: 404,
      message: "No status found for task s3-9",
    });
    expect((await call("POST", "/connectors/s3/tasks/9/restart")).body).toEqual({
      error_code: 404,
      message: "Unknown task: s3-9",
    });
  });

  it("checks the name in the URL (R4)", async () => {
    const r = await call("PUT", "/connectors/a/config", { ...CONFIG, name: "b" });
    expect(r).toEqual({
      status: 400,
      body: {
        error_code: 400,
        message: "Connector name configuration (b) doesn't match connector name in the URL (a)",
      },
    });
  });

  it("lists validation errors (R5)", async () => {
    const { "flush.size": _omit, ...noFlush } = CONFIG;
    const r = await call("POST", "/connectors", { name: "bad", config: noFlush });
    expect(r.body).toEqual({
      error_code: 400,
      message:
        "Connector configuration is invalid and contains the following 1 error(s):\n" +
        'Missing required configuration "flush.size" which has no default value.\n' +
        "You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
    });
    const both = await call("PUT", "/connectors/bad/config", { ...CONFIG, "topics.regex": "e.*", "flush.size": "abc" });
    expect((both.body as { message: string }).message).toContain("following 3 error(s)");
    expect((both.body as { message: string }).message).toContain(
      "Invalid value abc for configuration flush.size: Not a number of type INT",
    );
    const noType = await call("POST", "/connectors", { name: "x", config: { "flush.size": "1" } });
    expect(noType.body).toEqual({
      error_code: 400,
      message: "Connector config {flush.size=1, name=x} contains no connector type",
    });
  });

  it("answers unknown routes and deletes (R6)", async () => {
    expect(await call("GET", "/nowhere")).toEqual({
      status: 404,
      body: { error_code: 404, message: "HTTP 404 Not Found" },
    });
    expect((await call("DELETE", "/connector-plugins")).status).toBe(405);
    await call("PUT", "/connectors/gone/config", CONFIG);
    expect(await call("DELETE", "/connectors/gone")).toEqual({ status: 204 });
    expect((await call("GET", "/connectors/gone")).status).toBe(404);
  });

  it("negotiates media types as JAX-RS does for Connect's resources: 415 for a form body, 406 for a non-JSON Accept", async () => {
    const url = new URL("/connectors", "http://w");
    const request = { method: "POST", path: url.pathname, query: url.searchParams, base: "http://127.0.0.1:8083" };
    const body = JSON.stringify({ name: "form", config: CONFIG });
    // `curl -d` without -H sends a form; ConnectorsResource consumes only application/json.
    expect(await handle({ ...request, body, contentType: "application/x-www-form-urlencoded" })).toEqual({
      status: 415,
      body: { error_code: 415, message: "HTTP 415 Unsupported Media Type" },
    });
    expect(await handle({ ...request, body, accept: "text/html" })).toEqual({ status: 406 });
    expect(await handle({ ...request, body, accept: "text/html, application/json;q=0.5" })).toMatchObject({
      status: 201,
    });
    // RootResource consumes anything; a charset parameter is not part of the type.
    const root = { method: "GET", path: "/", query: new URLSearchParams(), body: "", base: "http://w" };
    expect(
      (await handle({ ...root, path: "/connectors", contentType: "application/json; charset=utf-8" })).status,
    ).toBe(200);
    expect((await handle({ ...root, path: "/connectors/form/tasks/x/status" })).status).toBe(404);
  });

  it("pauses and resumes (R7)", async () => {
    expect(await call("PUT", "/connectors/s3/pause")).toEqual({ status: 202 });
    const s = (await call("GET", "/connectors/s3/status")).body as {
      connector: { state: string; worker_id: string };
      type: string;
    };
    expect(s.connector.state).toBe("PAUSED");
    expect(s.connector.worker_id).toBe("127.0.0.1:8083");
    expect(s.type).toBe("sink");
    expect(await call("PUT", "/connectors/s3/resume")).toEqual({ status: 202 });
    expect(
      ((await call("GET", "/connectors/s3/status")).body as { connector: { state: string } }).connector.state,
    ).toBe("RUNNING");
  });

  it("refuses offset changes unless stopped", async () => {
    const r = await call("DELETE", "/connectors/s3/offsets");
    expect(r.status).toBe(400);
    expect((r.body as { message: string }).message).toMatch(/^Connectors must be in the STOPPED state/);
  });

  it("lists plugins and validates", async () => {
    expect((await call("GET", "/connector-plugins")).body).toEqual([
      { class: "io.confluent.connect.s3.S3SinkConnector", type: "sink", version: "10.5.13" },
    ]);
    const v = (
      await call("PUT", "/connector-plugins/S3SinkConnector/config/validate", {
        ...CONFIG,
        name: "v",
        "flush.size": "x",
      })
    ).body as {
      name: string;
      error_count: number;
      configs: { definition: { name: string }; value: { errors: string[] } }[];
    };
    expect(v.name).toBe("io.confluent.connect.s3.S3SinkConnector");
    expect(v.error_count).toBe(1);
    expect(v.configs.find((c) => c.definition.name === "flush.size")?.value.errors).toEqual([
      "Invalid value x for configuration flush.size: Not a number of type INT",
    ]);
    const mismatch = await call("PUT", "/connector-plugins/S3Sink/config/validate", {
      ...CONFIG,
      "connector.class": "Other",
    });
    expect(mismatch.body).toEqual({
      error_code: 400,
      message: "Included connector type Other does not match request type S3Sink",
    });
  });
});

describe("connector files", () => {
  it("reads the MSK fixture for a user", () => {
    const { name, config } = pinterestConnectorConfig("0a1b2c3d4e5f", "user-0a1b2c3d4e5f-bucket");
    expect(name).toBe("0a1b2c3d4e5f-s3-sink");
    expect(config).toMatchObject({
      "topics.regex": "0a1b2c3d4e5f.*",
      "s3.bucket.name": "user-0a1b2c3d4e5f-bucket",
      "flush.size": "1",
      "tasks.max": "3",
      "value.converter.schemas.enable": "false",
      name: "0a1b2c3d4e5f-s3-sink",
    });
  });
  it("reads .properties, POST JSON and flat JSON", () => {
    expect(parseConnectorDefinition("name=s3\nflush.size=1\n", "x.properties")).toEqual({
      name: "s3",
      config: { name: "s3", "flush.size": "1" },
    });
    expect(parseConnectorDefinition('{"name":"a","config":{"tasks.max":2}}', "y.json")).toEqual({
      name: "a",
      config: { "tasks.max": "2", name: "a" },
    });
    expect(parseConnectorDefinition('{"flush.size":"1"}', "dir/z.json")).toEqual({
      name: "z",
      config: { "flush.size": "1", name: "z" },
    });
  });
});
