import { describe, expect, it } from "vitest";
import { Router, apiIdFromHost, splitTarget, stripStage } from "../../../harness/components/gateway/routing.ts";
import { proxyResource } from "../../../harness/components/gateway/setup.ts";
import type { ResourceSetup } from "../../../harness/components/gateway/setup.ts";

const mock = { integration: { type: "MOCK" as const, statusCode: 200 } };

describe("splitTarget", () => {
  it("keeps path and query raw", () => {
    expect(splitTarget("/prod/a%2Fb?x=1&y=a+b")).toEqual({ rawPath: "/prod/a%2Fb", rawQuery: "x=1&y=a+b" });
    expect(splitTarget("/prod/a")).toEqual({ rawPath: "/prod/a", rawQuery: undefined });
    expect(splitTarget("/prod/a?")).toEqual({ rawPath: "/prod/a", rawQuery: "" });
  });
  it("takes the path of an absolute-form target", () => {
    expect(splitTarget("http://h:1/prod/a?q")).toEqual({ rawPath: "/prod/a", rawQuery: "q" });
  });
});

describe("stripStage", () => {
  it.each([
    ["/prod/topics", "/topics"],
    ["/prod/a/", "/a/"],
    ["/prod/a//b", "/a//b"],
    ["/prod//a", "/a"],
    ["//prod/a", "/a"],
    ["/prod", "/"],
    ["/prod/", "/"],
  ])("%s -> %s", (path, rest) => {
    expect(stripStage(path, "prod")).toBe(rest);
  });
  it("refuses another stage, a prefix of it and a different case", () => {
    expect(stripStage("/nope/topics", "prod")).toBeUndefined();
    expect(stripStage("/production/x", "prod")).toBeUndefined();
    expect(stripStage("/Prod/x", "prod")).toBeUndefined();
    expect(stripStage("/", "prod")).toBeUndefined();
  });
});

describe("apiIdFromHost", () => {
  it("reads the id of the host form, lower-cased", () => {
    expect(apiIdFromHost("AbC123.execute-api.localhost:4000")).toBe("abc123");
    expect(apiIdFromHost("abc.execute-api.us-east-1.amazonaws.com")).toBe("abc");
    expect(apiIdFromHost("127.0.0.1:4000")).toBeUndefined();
    expect(apiIdFromHost(undefined)).toBeUndefined();
  });
});

describe("Router with the default {proxy+} ANY", () => {
  const router = new Router([proxyResource("http://127.0.0.1:8082")], "api");
  it("matches greedily and keeps encodings", () => {
    expect(router.match("GET", "/topics")?.pathParams).toEqual({ proxy: "topics" });
    expect(router.match("GET", "/a/b/c")?.pathParams).toEqual({ proxy: "a/b/c" });
    expect(router.match("GET", "/a/")?.pathParams).toEqual({ proxy: "a" });
    expect(router.match("GET", "/a//b")?.pathParams).toEqual({ proxy: "a//b" });
    expect(router.match("GET", "/x/a%2Bb@c/d+e")?.pathParams).toEqual({ proxy: "x/a%2Bb@c/d+e" });
  });
  it("never matches the root, which has no method", () => {
    expect(router.match("GET", "/")).toBeUndefined();
  });
  it("ANY covers the seven verbs only", () => {
    for (const verb of ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]) {
      expect(router.match(verb, "/x")).toBeDefined();
    }
    expect(router.match("TRACE", "/x")).toBeUndefined();
    expect(router.match("PROPFIND", "/x")).toBeUndefined();
  });
});

describe("Router precedence", () => {
  const resources: ResourceSetup[] = [
    { path: "/{proxy+}", methods: { ANY: mock } },
    { path: "/topics/{topic}", methods: { POST: mock } },
    { path: "/topics/special", methods: { GET: mock } },
    { path: "/empty", methods: {} },
    { path: "/both", methods: { ANY: mock, GET: { integration: { type: "MOCK", statusCode: 201 } } } },
  ];
  const router = new Router(resources, "api");
  it("literal beats {param} beats {greedy+}", () => {
    expect(router.match("GET", "/topics/special")?.resource.path).toBe("/topics/special");
    expect(router.match("POST", "/topics/t1")?.resource.path).toBe("/topics/{topic}");
    expect(router.match("POST", "/topics/t1")?.pathParams).toEqual({ topic: "t1" });
  });
  it("falls through a verb mismatch and a method-less node", () => {
    expect(router.match("GET", "/topics/t1")?.resource.path).toBe("/{proxy+}");
    expect(router.match("POST", "/topics/special")?.resource.path).toBe("/topics/{topic}");
    expect(router.match("GET", "/empty")?.resource.path).toBe("/{proxy+}");
  });
  it("an explicit verb beats ANY on one resource", () => {
    const get = router.match("GET", "/both")?.method.integration;
    const put = router.match("PUT", "/both")?.method.integration;
    expect(get?.type === "MOCK" && get.statusCode).toBe(201);
    expect(put?.type === "MOCK" && put.statusCode).toBe(200);
  });
  it("gives each resource a stable 6-character id", () => {
    const id = router.match("GET", "/x")?.resourceId;
    expect(id).toMatch(/^[0-9a-f]{6}$/);
    expect(new Router(resources, "api").match("GET", "/y")?.resourceId).toBe(id);
  });
});
