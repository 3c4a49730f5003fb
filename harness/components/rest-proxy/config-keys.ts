/**
 * The `kafka-rest.properties` keys pinpipe's REST proxy reads, declared as Confluent REST Proxy 7.2 declares them
 * (KafkaRestConfig over rest-utils' RestConfig): type and default in one place, so a value of the wrong type stops
 * the start with ConfigDef's own words, as it stops the real proxy's.
 */
import type { ConfigKey, ConfigType } from "../../java/config-def.ts";

function key(name: string, type: ConfigType, defaultValue: string, documentation: string): ConfigKey {
  return {
    name,
    type,
    default: defaultValue,
    importance: "MEDIUM",
    documentation,
    group: "",
    order: -1,
    width: "NONE",
    displayName: name,
  };
}

export const REST_PROXY_KEYS: readonly ConfigKey[] = [
  key("listeners", "LIST", "", "Where the server listens (http://host:port)."),
  key("port", "INT", "8082", "Deprecated: the port to listen on when listeners is empty."),
  key("advertised.listeners", "LIST", "", "The URLs the proxy gives out in its answers."),
  key("host.name", "STRING", "", "The host name in the URLs the proxy gives out."),
  key("bootstrap.servers", "STRING", "", "The Kafka brokers to connect to."),
  key("id", "STRING", "", "Unique id of this proxy instance."),
  key("consumer.request.timeout.ms", "INT", "1000", "Longest wait of a consumer read."),
  key("consumer.request.max.bytes", "LONG", "67108864", "Most bytes one consumer read returns."),
  key("consumer.instance.timeout.ms", "INT", "300000", "Idle time after which a consumer instance is removed."),
  key("consumer.iterator.backoff.ms", "INT", "50", "Pause between polls of a consumer read."),
  key("fetch.min.bytes", "INT", "-1", "Bytes a consumer read waits for; -1 for none."),
  key("api.v2.enable", "BOOLEAN", "true", "Whether the v2 API answers."),
  key("api.v3.enable", "BOOLEAN", "true", "Whether the v3 API answers."),
  key("api.endpoints.allowlist", "LIST", "", "Endpoints that answer; empty for all."),
  key("api.endpoints.blocklist", "LIST", "", "Endpoints that answer 404."),
  key("rate.limit.enable", "BOOLEAN", "false", "Whether requests are rate limited."),
  key("rate.limit.permits.per.sec", "INT", "50", "Requests allowed per second."),
  key("rate.limit.timeout.ms", "INT", "0", "How long a request waits for a permit."),
  key("rate.limit.default.cost", "INT", "1", "Permits one request takes."),
  key("access.control.allow.origin", "STRING", "", "Origins allowed for CORS; empty turns CORS off."),
  key("access.control.allow.methods", "STRING", "", "Methods allowed for CORS; empty for Jetty's own."),
  key("access.control.allow.headers", "STRING", "", "Headers allowed for CORS; empty for Jetty's own."),
  key("access.control.skip.options", "BOOLEAN", "true", "Whether CORS preflights are answered by the filter."),
  key("response.http.headers.config", "STRING", "", "Headers added to every answer."),
  key("compression.enable", "BOOLEAN", "true", "Enable gzip compression."),
];
