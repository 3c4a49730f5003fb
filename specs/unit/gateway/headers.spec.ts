import { describe, expect, it } from "vitest";
import type { HeaderPair } from "../../../harness/components/gateway/headers.ts";
import { integrationRequestHeaders, remapResponseHeaders } from "../../../harness/components/gateway/headers.ts";

const context = { apiId: "abc123", integrationHost: "127.0.0.1:8082", sourceIp: "10.0.0.7", traceHeader: "Root=1-a-b" };
const names = (pairs: HeaderPair[]): string[] => pairs.map(([name]) => name.toLowerCase());
const value = (pairs: HeaderPair[], name: string): string | undefined =>
  pairs.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

describe("request headers towards the integration", () => {
  it("drops hop-by-hop and the listed headers", () => {
    const dropped = [
      "Connection",
      "Expect",
      "TE",
      "Trailer",
      "Upgrade",
      "Via",
      "Max-Forwards",
      "Content-MD5",
      "Content-Encoding",
      "Proxy-Authenticate",
      "Server",
      "WWW-Authenticate",
      "Transfer-Encoding",
      "Keep-Alive",
      "Content-Length",
      "X-HTTP-Method-Override",
    ];
    const forwarded = integrationRequestHeaders(
      dropped.map((name): HeaderPair => [name, "x"]),
      context,
    );
    for (const name of dropped) expect(names(forwarded)).not.toContain(name.toLowerCase());
  });
  it("passes the rest unchanged, name case kept", () => {
    const client: HeaderPair[] = [
      ["Accept", "application/json"],
      ["Content-Type", "application/vnd.kafka.json.v2+json"],
      ["Authorization", "Bearer x"],
      ["X-Custom", "1"],
      ["User-Agent", "python-requests/2.31"],
    ];
    const forwarded = integrationRequestHeaders(client, context);
    for (const pair of client) expect(forwarded).toContainEqual(pair);
  });
  it("rewrites Host and adds the gateway's headers", () => {
    const forwarded = integrationRequestHeaders([["Host", "x"]], context);
    expect(value(forwarded, "host")).toBe("127.0.0.1:8082");
    expect(forwarded.filter(([name]) => name.toLowerCase() === "host")).toHaveLength(1);
    expect(value(forwarded, "user-agent")).toBe("AmazonAPIGateway_abc123");
    expect(value(forwarded, "x-forwarded-for")).toBe("10.0.0.7");
    expect(value(forwarded, "x-forwarded-port")).toBe("443");
    expect(value(forwarded, "x-forwarded-proto")).toBe("https");
    expect(value(forwarded, "x-amzn-trace-id")).toBe("Root=1-a-b");
    expect(value(forwarded, "x-amzn-apigateway-api-id")).toBe("abc123");
  });
  it("appends the client to X-Forwarded-For and overwrites port and proto", () => {
    const forwarded = integrationRequestHeaders(
      [
        ["X-Forwarded-For", "1.1.1.1"],
        ["X-Forwarded-Port", "80"],
        ["X-Forwarded-Proto", "http"],
      ],
      context,
    );
    expect(value(forwarded, "x-forwarded-for")).toBe("1.1.1.1, 10.0.0.7");
    expect(forwarded.filter(([name]) => name.toLowerCase() === "x-forwarded-port")).toEqual([
      ["X-Forwarded-Port", "443"],
    ]);
    expect(value(forwarded, "x-forwarded-proto")).toBe("https");
  });
  it("drops a SigV4 Authorization", () => {
    const forwarded = integrationRequestHeaders([["Authorization", "AWS4-HMAC-SHA256 Credential=a/b"]], context);
    expect(value(forwarded, "authorization")).toBeUndefined();
  });
});

describe("backend response headers towards the client", () => {
  it("remaps framing, identity and auth headers and drops hop-by-hop ones", () => {
    const remapped = remapResponseHeaders([
      ["Date", "d"],
      ["server", "jetty"],
      ["Connection", "keep-alive"],
      ["Content-Length", "2"],
      ["x-amzn-RequestId", "r"],
      ["WWW-Authenticate", "Basic"],
      ["Transfer-Encoding", "chunked"],
      ["Keep-Alive", "timeout=5"],
      ["Via", "1.1 x"],
      ["Content-Type", "application/json"],
      ["Content-Encoding", "gzip"],
      ["Access-Control-Allow-Origin", "*"],
      ["X-Custom", "1"],
    ]);
    expect(remapped).toEqual([
      ["x-amzn-Remapped-Date", "d"],
      ["x-amzn-Remapped-Server", "jetty"],
      ["x-amzn-Remapped-Connection", "keep-alive"],
      ["x-amzn-Remapped-Content-Length", "2"],
      ["x-amzn-Remapped-x-amzn-RequestId", "r"],
      ["x-amzn-Remapped-WWW-Authenticate", "Basic"],
      ["Content-Encoding", "gzip"],
      ["Access-Control-Allow-Origin", "*"],
      ["X-Custom", "1"],
    ]);
  });
});
