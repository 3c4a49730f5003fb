import { describe, expect, it } from "vitest";
import { JaxRsRouter, type ResourceMethod } from "../../../harness/java/jaxrs/router.ts";

const JSON_OUT = [{ type: "application/json", qs: 1 }];
const routes: ResourceMethod[] = [
  { method: "GET", template: "/topics/{topic}", consumes: "any", produces: JSON_OUT },
  { method: "POST", template: "/topics/{topic}", consumes: ["application/vnd.kafka.json.v2+json"], produces: JSON_OUT },
  {
    method: "GET",
    template: "/topics/{topic}/partitions/{partition:int}",
    consumes: "any",
    produces: [
      { type: "application/vnd.kafka.v2+json", qs: 1 },
      { type: "application/json", qs: 0.5 },
    ],
  },
];
const router = new JaxRsRouter(routes);

describe("JAX-RS request matching", () => {
  it("decodes path parameters and keeps them in the template's order", () => {
    const selected = router.select({ method: "GET", path: "/topics/a%2Eb/partitions/2" });
    expect(selected).toMatchObject({ kind: "matched", params: { topic: "a.b", partition: "2" }, values: ["a.b", "2"] });
  });

  it("answers in JAX-RS order: path, method, Content-Type, Accept", () => {
    expect(router.select({ method: "GET", path: "/nowhere" })).toEqual({ kind: "not-found" });
    // An int parameter that is not a Java int makes no match at all.
    expect(router.select({ method: "GET", path: "/topics/t/partitions/2147483648" })).toEqual({ kind: "not-found" });
    expect(router.select({ method: "DELETE", path: "/topics/t" })).toEqual({
      kind: "method-not-allowed",
      allowed: ["GET", "POST"],
    });
    expect(router.select({ method: "POST", path: "/topics/t", contentType: "application/json" })).toEqual({
      kind: "unsupported-media-type",
    });
    expect(router.select({ method: "GET", path: "/topics/t", accept: "text/plain" })).toEqual({
      kind: "not-acceptable",
    });
  });

  it("serves HEAD with the GET method and picks the response type by q times qs", () => {
    expect(router.select({ method: "HEAD", path: "/topics/t" })).toMatchObject({ kind: "matched" });
    const picked = router.select({ method: "GET", path: "/topics/t/partitions/0", accept: "application/json" });
    expect(picked).toMatchObject({ responseType: "application/json" });
    const either = router.select({ method: "GET", path: "/topics/t/partitions/0" });
    expect(either).toMatchObject({ responseType: "application/vnd.kafka.v2+json" });
  });
});
