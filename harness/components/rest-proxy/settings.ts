import { PinpipeError, ErrorCode } from "../../errors.ts";

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

function num(props: Record<string, string>, key: string, fallback: number): number {
  const v = props[key];
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v.trim());
  if (!Number.isFinite(n)) {
    throw new PinpipeError(ErrorCode.InvalidOption, `${key} must be a number; got "${v}"`, { context: { key } });
  }
  return n;
}

function bool(props: Record<string, string>, key: string, fallback: boolean): boolean {
  const v = props[key]?.trim().toLowerCase();
  if (v === undefined || v === "") return fallback;
  return v === "true";
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

function parseListener(text: string): URL {
  try {
    return new URL(text);
  } catch (cause) {
    throw new PinpipeError(ErrorCode.InvalidOption, `listeners entry "${text}" is not a URL like http://0.0.0.0:8082`, {
      cause,
    });
  }
}

export function resolveSettings(props: Record<string, string>): RestProxySettings {
  const bootstrapServers = list(props["bootstrap.servers"]);
  if (bootstrapServers.length === 0) {
    // The real proxy's own wording (typo included), so users recognise it.
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      "Atleast one of bootstrap.servers or zookeeper.connect needs to be configured: set bootstrap.servers in kafka-rest.properties",
    );
  }
  const listenerTexts = list(props.listeners);
  const listenersFromPort = listenerTexts.length === 0;
  const listeners = listenersFromPort
    ? [new URL(`http://0.0.0.0:${num(props, "port", 8082)}`)]
    : listenerTexts.map(parseListener);
  const client = prefixed(props, "client.");
  return {
    listeners,
    listenersFromPort,
    advertisedListeners: list(props["advertised.listeners"]).map(parseListener),
    hostName: props["host.name"]?.trim() ?? "",
    bootstrapServers,
    id: props.id?.trim() ?? "",
    consumerRequestTimeoutMs: num(props, "consumer.request.timeout.ms", 1000),
    consumerRequestMaxBytes: num(props, "consumer.request.max.bytes", 67108864),
    consumerInstanceTimeoutMs: num(props, "consumer.instance.timeout.ms", 300000),
    consumerIteratorBackoffMs: num(props, "consumer.iterator.backoff.ms", 50),
    fetchMinBytes: num(props, "fetch.min.bytes", -1),
    apiV2Enabled: bool(props, "api.v2.enable", true),
    apiV3Enabled: bool(props, "api.v3.enable", true),
    rateLimit: {
      enabled: bool(props, "rate.limit.enable", false),
      permitsPerSec: num(props, "rate.limit.permits.per.sec", 50),
      timeoutMs: num(props, "rate.limit.timeout.ms", 0),
      defaultCost: num(props, "rate.limit.default.cost", 1),
    },
    cors: {
      allowOrigin: props["access.control.allow.origin"]?.trim() ?? "",
      allowMethods: props["access.control.allow.methods"]?.trim() || "GET,POST,HEAD",
      allowHeaders: props["access.control.allow.headers"]?.trim() || "X-Requested-With,Content-Type,Accept,Origin",
    },
    extraHeaders: parseHeaderConfig(props["response.http.headers.config"] ?? ""),
    maxBlockMs: num(props, "producer.max.block.ms", num(props, "client.max.block.ms", 60000)),
    maxRequestSize: num(props, "producer.max.request.size", num(props, "client.max.request.size", 1048576)),
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
