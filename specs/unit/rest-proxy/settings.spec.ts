import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../../harness/components/rest-proxy/index.ts";
import { REST_PROXY_KEYS } from "../../../harness/components/rest-proxy/config-keys.ts";

const BASE = { "bootstrap.servers": "127.0.0.1:9092" };

describe("kafka-rest.properties, read through the proxy's ConfigDef", () => {
  it("takes every default from the declaration", () => {
    const settings = resolveSettings(BASE);
    const declared = Object.fromEntries(REST_PROXY_KEYS.map((key) => [key.name, key.default]));
    expect(settings.consumerRequestTimeoutMs).toBe(Number(declared["consumer.request.timeout.ms"]));
    expect(settings.consumerRequestMaxBytes).toBe(67108864);
    expect(settings.fetchMinBytes).toBe(-1);
    expect(settings.listeners.map(String)).toEqual(["http://0.0.0.0:8082/"]);
    expect(settings.compressionEnabled).toBe(true);
    expect(settings.skipOptions).toBe(true);
    expect(settings.rateLimit).toEqual({ enabled: false, permitsPerSec: 50, timeoutMs: 0, defaultCost: 1 });
  });

  it.each([
    [
      "consumer.request.timeout.ms",
      "abc",
      "Invalid value abc for configuration consumer.request.timeout.ms: Not a number of type INT",
    ],
    [
      "rate.limit.enable",
      "yes",
      "Invalid value yes for configuration rate.limit.enable: Expected value to be either true or false",
    ],
    [
      "consumer.request.max.bytes",
      "1e6",
      "Invalid value 1e6 for configuration consumer.request.max.bytes: Not a number of type LONG",
    ],
    ["port", "99999999999", "Invalid value 99999999999 for configuration port: Not a number of type INT"],
    [
      "producer.max.request.size",
      "big",
      "Invalid value big for configuration max.request.size: Not a number of type INT",
    ],
  ])("refuses %s=%s as ConfigDef does", (key, value, message) => {
    expect(() => resolveSettings({ ...BASE, [key]: value })).toThrow(message);
  });

  it("reads booleans as ConfigDef does, in any case", () => {
    expect(resolveSettings({ ...BASE, "compression.enable": "FALSE" }).compressionEnabled).toBe(false);
    expect(resolveSettings({ ...BASE, "api.v3.enable": "False" }).apiV3Enabled).toBe(false);
  });
});
