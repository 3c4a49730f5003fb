import { describe, expect, it } from "vitest";
import { proxyWithFakeBackend } from "./fake-backend.ts";
import type { ProxyResponse } from "../../../harness/components/rest-proxy/index.ts";

const V2 = "application/vnd.kafka.v2+json";
const JSON_V2 = "application/vnd.kafka.json.v2+json";

async function send(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body = "",
  props: Record<string, string> = {},
): Promise<ProxyResponse> {
  const p = proxyWithFakeBackend(props);
  try {
    return await p.dispatch({ method, url, headers, body: Buffer.from(body) });
  } finally {
    await p.consumers.close();
  }
}

describe("negotiation", () => {
  it("answers GET / with {} as v2 JSON", async () => {
    const r = await send("GET", "/");
    expect(r).toMatchObject({ status: 200, body: "{}", headers: { "Content-Type": V2 } });
  });

  it("sends a bare 406 for text/plain and a JSON one for application/json", async () => {
    const bare = await send("GET", "/", { accept: "text/plain" });
    expect(bare.status).toBe(406);
    expect(bare.body).toBeUndefined();
    expect(bare.headers["Content-Type"]).toBeUndefined();
    const json = await send("GET", "/", { accept: "application/json" });
    expect(json.body).toBe('{"error_code":406,"message":"HTTP 406 Not Acceptable"}');
  });

  it("types a 415 after the Accept header", async () => {
    const r = await send("POST", "/", { "content-type": "text/plain", accept: V2 }, "x");
    expect(r).toMatchObject({ status: 415, headers: { "Content-Type": V2 } });
    const plain = await send("POST", "/topics/t", { "content-type": "application/json" }, "{}");
    expect(plain).toMatchObject({ status: 415, headers: { "Content-Type": "application/json" } });
  });

  it("answers 404 and 405 in the JAX-RS way", async () => {
    expect((await send("GET", "/topics/t/partitions/x")).status).toBe(404);
    expect((await send("PUT", "/topics")).body).toBe('{"error_code":405,"message":"HTTP 405 Method Not Allowed"}');
  });

  it("picks binary for records with no Accept, and v2 JSON for consumer control calls", async () => {
    const rec = await send("GET", "/consumers/g/instances/i/records");
    expect(rec).toMatchObject({ status: 404, headers: { "Content-Type": "application/vnd.kafka.binary.v2+json" } });
    const ctl = await send("DELETE", "/consumers/g/instances/i");
    expect(ctl).toMatchObject({ status: 404, headers: { "Content-Type": V2 } });
  });

  it("turns API v2 off", async () => {
    expect((await send("GET", "/", {}, "", { "api.v2.enable": "false" })).status).toBe(404);
  });
});

describe("v2 produce without a broker", () => {
  it("answers the exact produce response", async () => {
    const r = await send("POST", "/topics/t", { "content-type": JSON_V2 }, '{"records":[{"value":{"a":1}}]}');
    expect(r.body).toBe(
      '{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}',
    );
  });

  it("names the produce-to-partition argument in its null-body message", async () => {
    const topic = await send("POST", "/topics/t", { "content-type": "application/vnd.kafka.binary.v2+json" });
    expect(topic.body).toBe('{"error_code":422,"message":"produceBinary.arg2 must not be null (was null)"}');
    const part = await send("POST", "/topics/t/partitions/0", { "content-type": JSON_V2 }, "null");
    expect(part.body).toBe('{"error_code":422,"message":"produceJson.arg3 must not be null (was null)"}');
  });

  it("rejects negative partitions with a bare 500", async () => {
    const r = await send("POST", "/topics/t", { "content-type": JSON_V2 }, '{"records":[{"value":1,"partition":-1}]}');
    expect(r.body).toBe('{"error_code":500,"message":"Internal Server Error"}');
  });

  it("answers the no-registry error for schema formats with schemas", async () => {
    const r = await send(
      "POST",
      "/topics/t",
      { "content-type": "application/vnd.kafka.avro.v2+json" },
      '{"value_schema":"\\"int\\"","records":[{"value":1}]}',
    );
    expect(r.status).toBe(422);
    expect(r.body).toContain('"error_code":42207');
  });
});
