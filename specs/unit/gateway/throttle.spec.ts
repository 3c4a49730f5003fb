import { describe, expect, it } from "vitest";
import { ApiKeys } from "../../../harness/components/gateway/api-keys.ts";
import { TokenBucket } from "../../../harness/components/gateway/throttle.ts";

describe("TokenBucket", () => {
  it("lets a burst through, then refills at the rate", () => {
    let now = 0;
    const bucket = new TokenBucket({ rateLimit: 10, burstLimit: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
  it("0/0 throttles every call", () => {
    let now = 0;
    const bucket = new TokenBucket({ rateLimit: 0, burstLimit: 0 }, () => now);
    expect(bucket.take()).toBe(false);
    now += 60_000;
    expect(bucket.take()).toBe(false);
  });
});

describe("ApiKeys", () => {
  it("refuses a missing or unknown key and counts the quota", () => {
    const keys = new ApiKeys([{ value: "k1", quota: 2 }, { value: "k2" }]);
    expect(keys.check(undefined)).toBe("INVALID_API_KEY");
    expect(keys.check("nope")).toBe("INVALID_API_KEY");
    expect([keys.check("k1"), keys.check("k1"), keys.check("k1")]).toEqual([undefined, undefined, "QUOTA_EXCEEDED"]);
    expect(keys.check("k2")).toBeUndefined();
  });
});
