import { validateConfig, withDefaults } from "../../java/config-def.ts";
import { PinpipeError, ErrorCode } from "../../errors.ts";
import { REST_PROXY_KEYS } from "./config-keys.ts";

/** The proxy's effective configuration, derived from `kafka-rest.properties` keys and the real defaults. */
export interface RestProxySettings {
  listeners: URL[];
  /** True when `listeners` was empty and the deprecated `port` was used. */
  listenersFromPort: boolean;
  advertisedListeners: URL[];
  hostName: string;
  bootstrapServers: string[];
  id: string;
  consumerRequestTimeoutMs: number;
  consumerRequestMaxBytes: number;
  consumerInstanceTimeoutMs: number;
  consumerIteratorBackoffMs: number;
  fetchMinBytes: number;
  apiV2Enabled: boolean;
  apiV3Enabled: boolean;
  rateLimit: { enabled: boolean; permitsPerSec: number; timeoutMs: number; defaultCost: number };
  cors: { allowOrigin: string; allowMethods: string; allowHeaders: string };
  extraHeaders: Array<{ action: string; name: string; value: string }>;
  /** rest-utils' `compression.enable`: gzip answers for clients that accept it. */
  compressionEnabled: boolean;
  /** `access.control.skip.options`: CORS preflights never reach the API. */
  skipOptions: boolean;
  /** `api.endpoints.allowlist` / `blocklist`: endpoint names, `name.*` for a family. */
  endpointsAllowed: string[];
  endpointsBlocked: string[];
  /** `max.block.ms` of the shared producer: how long a record waits for its topic/partition to appear. */
  maxBlockMs: number;
  /** `max.request.size` of the shared producer. */
  maxRequestSize: number;
  /** Producer, consumer and admin properties after prefix stripping (`client.*` then the specific prefix). */
  producer: Record<string, string>;
  consumer: Record<string, string>;
  admin: Record<string, string>;
  /** The raw properties, for anything else. */
  raw: Record<string, string>;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function prefixed(props: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/**
 * A setting of the proxy's producer (`producer.<name>`, else `client.<name>`), at the Java producer's default;
 * the producer's own ConfigDef would refuse a value that is not a number.
 */
function producerNumber(props: Record<string, string>, name: string, fallback: number): number {
  for (const prefix of ["producer.", "client."]) {
    const text = props[prefix + name]?.trim();
    if (text === undefined || text === "") continue;
    if (!/^[+-]?\d+$/.test(text)) {
      throw new PinpipeError(
        ErrorCode.InvalidOption,
        `Invalid value ${text} for configuration ${name}: Not a number of type ${name === "max.block.ms" ? "LONG" : "INT"} (in kafka-rest.properties)`,
      );
    }
    return Number(text);
  }
  return fallback;
}

function parseListener(text: string): URL {
  try {
    return new URL(text);
  } catch (cause) {
    throw new PinpipeError(ErrorCode.InvalidOption, `listeners entry "${text}" is not a URL like http://0.0.0.0:8082`, {
      cause,
    });
  }
}

/** Stops the start at the first value of the wrong type, in ConfigDef's words, as the real proxy's start stops. */
function checkTypes(props: Record<string, string>): void {
  const given = Object.fromEntries(
    Object.entries(props).filter(([k]) => REST_PROXY_KEYS.some((key) => key.name === k)),
  );
  const error = validateConfig(REST_PROXY_KEYS, given).flatMap((value) => value.errors)[0];
  if (error !== undefined) {
    throw new PinpipeError(ErrorCode.InvalidOption, `${error} (in kafka-rest.properties)`);
  }
}

export function resolveSettings(props: Record<string, string>): RestProxySettings {
  checkTypes(props);
  const settings = withDefaults(REST_PROXY_KEYS, props);
  const int = (name: string): number => Number(settings[name]?.trim());
  const bool = (name: string): boolean => settings[name]?.trim().toLowerCase() === "true";
  const bootstrapServers = list(settings["bootstrap.servers"]);
  if (bootstrapServers.length === 0) {
    // The real proxy's own wording (typo included), so users recognise it.
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      "Atleast one of bootstrap.servers or zookeeper.connect needs to be configured: set bootstrap.servers in kafka-rest.properties",
    );
  }
  const listenerTexts = list(settings.listeners);
  const listenersFromPort = listenerTexts.length === 0;
  const listeners = listenersFromPort ? [new URL(`http://0.0.0.0:${int("port")}`)] : listenerTexts.map(parseListener);
  const client = prefixed(props, "client.");
  return {
    listeners,
    listenersFromPort,
    advertisedListeners: list(settings["advertised.listeners"]).map(parseListener),
    hostName: settings["host.name"]?.trim() ?? "",
    bootstrapServers,
    id: settings.id?.trim() ?? "",
    consumerRequestTimeoutMs: int("consumer.request.timeout.ms"),
    consumerRequestMaxBytes: int("consumer.request.max.bytes"),
    consumerInstanceTimeoutMs: int("consumer.instance.timeout.ms"),
    consumerIteratorBackoffMs: int("consumer.iterator.backoff.ms"),
    fetchMinBytes: int("fetch.min.bytes"),
    apiV2Enabled: bool("api.v2.enable"),
    apiV3Enabled: bool("api.v3.enable"),
    rateLimit: {
      enabled: bool("rate.limit.enable"),
      permitsPerSec: int("rate.limit.permits.per.sec"),
      timeoutMs: int("rate.limit.timeout.ms"),
      defaultCost: int("rate.limit.default.cost"),
    },
    cors: {
      allowOrigin: settings["access.control.allow.origin"]?.trim() ?? "",
      // Empty settings leave Jetty's CrossOriginFilter its own defaults.
      allowMethods: settings["access.control.allow.methods"]?.trim() || "GET,POST,HEAD",
      allowHeaders: settings["access.control.allow.headers"]?.trim() || "X-Requested-With,Content-Type,Accept,Origin",
    },
    extraHeaders: parseHeaderConfig(settings["response.http.headers.config"] ?? ""),
    compressionEnabled: bool("compression.enable"),
    skipOptions: bool("access.control.skip.options"),
    endpointsAllowed: list(settings["api.endpoints.allowlist"]),
    endpointsBlocked: list(settings["api.endpoints.blocklist"]),
    maxBlockMs: producerNumber(props, "max.block.ms", 60000),
    maxRequestSize: producerNumber(props, "max.request.size", 1048576),
    producer: { ...client, ...prefixed(props, "producer.") },
    consumer: { ...client, ...prefixed(props, "consumer.") },
    admin: { ...client, ...prefixed(props, "admin.") },
    raw: { ...props },
  };
}

/** `response.http.headers.config`: comma-separated `action Name: value` entries (e.g. `add X-Frame-Options: DENY`). */
function parseHeaderConfig(text: string): Array<{ action: string; name: string; value: string }> {
  const out: Array<{ action: string; name: string; value: string }> = [];
  for (const entry of text.split(",")) {
    const m = /^\s*(add|set|addDate|setDate)\s+([^:\s]+)\s*:\s*(.*)$/.exec(entry);
    if (m) out.push({ action: m[1] as string, name: m[2] as string, value: (m[3] as string).trim() });
  }
  return out;
}
