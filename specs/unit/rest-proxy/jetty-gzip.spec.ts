import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { proxyWithFakeBackend } from "./fake-backend.ts";
import {
  acceptsGzip,
  gzipApplies,
  jettyGzip,
  jettyGzipStream,
} from "../../../harness/components/rest-proxy/jetty-gzip.ts";

const JSON_V2 = "application/vnd.kafka.json.v2+json";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawHeaderNames: string[];
  body: Buffer;
}

/** One exchange with a REST proxy listening on loopback, read as bytes, nothing decoded. */
async function exchange(
  method: string,
  path: string,
  headers: Record<string, string>,
  body = "",
  props: Record<string, string> = {},
): Promise<RawAnswer> {
  const proxy = proxyWithFakeBackend(props);
  await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.server.address() as AddressInfo;
  try {
    return await new Promise<RawAnswer>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaderNames: res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
  } finally {
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
    await proxy.close();
  }
}

/** The chunks a streamed answer is sent in, and those sent while the answer still had parts to come. */
async function streamed(parts: readonly string[]): Promise<{ beforeEnd: Buffer[]; all: Buffer[] }> {
  let ended = false;
  async function* source(): AsyncGenerator<string> {
    yield* parts;
    ended = true;
  }
  const beforeEnd: Buffer[] = [];
  const all: Buffer[] = [];
  for await (const chunk of jettyGzipStream(source())) {
    all.push(chunk);
    if (!ended) beforeEnd.push(chunk);
  }
  return { beforeEnd, all };
}

const PRODUCE = JSON.stringify({ records: [{ value: { a: 1 } }, { value: { b: 2 } }] });

describe("response compression as rest-utils 7.2 configures Jetty's GzipHandler", () => {
  it("takes part in 2xx answers to GET and POST of compressible types only", () => {
    expect(gzipApplies("POST", 200, "application/vnd.kafka.v2+json")).toBe(true);
    expect(gzipApplies("GET", 200, undefined)).toBe(true);
    expect(gzipApplies("DELETE", 200, "application/json")).toBe(false);
    expect(gzipApplies("HEAD", 200, "application/json")).toBe(false);
    for (const status of [101, 204, 205, 301, 404, 422, 500])
      expect(gzipApplies("POST", status, "application/json")).toBe(false);
    expect(gzipApplies("GET", 200, "image/png")).toBe(false);
    expect(gzipApplies("GET", 200, "application/gzip")).toBe(false);
  });

  it("finds gzip among the Accept-Encoding values", () => {
    expect(acceptsGzip({ "accept-encoding": "gzip, deflate" })).toBe(true);
    expect(acceptsGzip({ "accept-encoding": "deflate, GZIP;q=0.5" })).toBe(true);
    expect(acceptsGzip({ "accept-encoding": "br, x-gzip" })).toBe(false);
    expect(acceptsGzip({})).toBe(false);
  });

  it("writes Jetty's gzip member: no timestamp, flags or OS byte", () => {
    const body = Buffer.from('{"offsets":[{"partition":0,"offset":7,"error_code":null,"error":null}]}');
    const gz = jettyGzip(body);
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0]);
    expect(gunzipSync(gz).equals(body)).toBe(true);
  });

  it("streams small parts without sync flush: the header goes with the first, the rest at the end", async () => {
    const parts = ['{"a":1}\r\n', '{"b":"ü"}\r\n', "", '{"c":[1,2,3]}\r\n'];
    const { beforeEnd, all } = await streamed(parts);
    expect(beforeEnd.map((chunk) => [...chunk])).toEqual([[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0]]);
    expect(Buffer.concat(all).equals(jettyGzip(Buffer.from(parts.join(""))))).toBe(true);
  });

  it("sends compressed data before the end only once zlib ends a block, in buffers of Jetty's 32 KiB", async () => {
    const parts = Array.from(
      { length: 3_000 },
      (_, i) => `{"partition_id":${i % 7},"offset":${i},"text":"${"x".repeat(i % 300)}${i * 7919}"}\r\n`,
    );
    const { beforeEnd, all } = await streamed(parts);
    expect(beforeEnd.length).toBeGreaterThan(1);
    expect(all.every((chunk) => chunk.length <= 32 * 1024)).toBe(true);
    expect(Buffer.concat(all).equals(jettyGzip(Buffer.from(parts.join(""))))).toBe(true);
  });

  it("closes an answer with no parts as one buffer: header, empty final block, trailer", async () => {
    const { beforeEnd, all } = await streamed([]);
    expect(beforeEnd).toEqual([]);
    expect(all).toHaveLength(1);
    expect((all[0] as Buffer).equals(jettyGzip(Buffer.alloc(0)))).toBe(true);
  });

  it("gzips a produce answer for a client that accepts gzip, as Python's requests does", async () => {
    const answer = await exchange(
      "POST",
      "/topics/t",
      { "content-type": JSON_V2, "accept-encoding": "gzip, deflate", accept: "*/*" },
      PRODUCE,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(answer.headers.vary).toBe("Accept-Encoding");
    expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
    expect(JSON.parse(gunzipSync(answer.body).toString("utf8"))).toMatchObject({
      offsets: [
        { partition: 0, offset: 0 },
        { partition: 0, offset: 1 },
      ],
    });
  });

  it("sends Vary but plain bytes to a client that does not accept gzip, and to any client under 32 bytes", async () => {
    const plain = await exchange("POST", "/topics/t", { "content-type": JSON_V2 }, PRODUCE);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toBe("Accept-Encoding");
    expect(JSON.parse(plain.body.toString("utf8"))).toHaveProperty("offsets");
    const small = await exchange("GET", "/", { "accept-encoding": "gzip" });
    expect(small.body.toString("utf8")).toBe("{}");
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers.vary).toBe("Accept-Encoding");
  });

  it("leaves errors alone: no gzip and no Vary", async () => {
    const missing = await exchange("GET", "/no/such/path/at/all", { "accept-encoding": "gzip" });
    expect(missing.status).toBe(404);
    expect(missing.headers.vary).toBeUndefined();
    expect(missing.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(missing.body.toString("utf8"))).toEqual({ error_code: 404, message: "HTTP 404 Not Found" });
  });

  it("does nothing with compression.enable=false", async () => {
    const answer = await exchange(
      "POST",
      "/topics/t",
      { "content-type": JSON_V2, "accept-encoding": "gzip" },
      PRODUCE,
      { "compression.enable": "false" },
    );
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.headers.vary).toBeUndefined();
  });

  it("sends no Connection or Keep-Alive header on a kept-alive HTTP/1.1 answer, as Jetty 9.4 does", async () => {
    const answer = await exchange("GET", "/", { connection: "keep-alive" });
    expect(answer.rawHeaderNames).not.toContain("connection");
    expect(answer.rawHeaderNames).not.toContain("keep-alive");
    const closing = await exchange("GET", "/", { connection: "close" });
    expect(closing.headers.connection).toBe("close");
  });
});
