import { CONNECTOR_CLASS, WORKER_CONVERTERS } from "./connector-config.ts";
import { makeConverter, type Converter } from "./converters.ts";
import { byteArrayFormat } from "./format/bytearray.ts";
import { BYTE_ARRAY_FORMAT, JSON_FORMAT, type RecordFormat } from "./format/format.ts";
import { jsonFormat } from "./format/json.ts";
import type { WriterSettings } from "./partition-writer.ts";
import { ConfigException, buildPartitioner } from "./partitioners/index.ts";
import { resolveZone, type Zone } from "./partitioners/zone.ts";

/** S3 connection facts: the worker's, overridden by `store.url`, `s3.region` and `aws.*` of the connector. */
export interface S3Connection {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface TaskSettings {
  name: string;
  topics: string[] | undefined;
  topicsRegex: RegExp | undefined;
  bucket: string;
  s3: S3Connection;
  partRetries: number;
  retryBackoffMs: number;
  writer: Omit<WriterSettings, "partitioner"> & { partitionerConfig: Record<string, string> };
  keyConverter: Converter;
  valueConverter: Converter;
  nullBehavior: "fail" | "ignore" | "write";
  reportNullsToDlq: boolean;
  tolerance: "none" | "all";
  dlqTopic: string;
  dlqReplicationFactor: number;
  dlqContextHeaders: boolean;
  errorsLog: boolean;
}

function formatOf(cls: string, config: Record<string, string>): RecordFormat {
  if (cls === JSON_FORMAT) return jsonFormat();
  if (cls === BYTE_ARRAY_FORMAT) {
    return byteArrayFormat(
      config["format.bytearray.extension"] ?? ".bin",
      config["format.bytearray.separator"] ?? "\n",
    );
  }
  throw new ConfigException(`Class ${cls} could not be found.`);
}

/** Converter layering: a converter named in the connector config is configured only from the connector's keys. */
function converterFor(
  kind: "key" | "value",
  config: Record<string, string>,
  worker: Record<string, string>,
): Converter {
  const prefix = `${kind}.converter`;
  const own = config[prefix];
  const source = own ? config : worker;
  const cls = own ?? worker[prefix] ?? WORKER_CONVERTERS[prefix as keyof typeof WORKER_CONVERTERS];
  const settings: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (k.startsWith(prefix + ".")) settings[k.slice(prefix.length + 1)] = v;
  return makeConverter(cls, settings);
}

/** Resolves a (validated) connector config into what the tasks need; throws ConfigException as a task start would. */
export function resolveTaskSettings(
  config: Record<string, string>,
  worker: { s3: S3Connection; converters: Record<string, string> },
): TaskSettings {
  if (config["connector.class"] !== undefined && !/S3Sink(Connector)?$/.test(config["connector.class"])) {
    throw new ConfigException(`Unsupported connector class ${config["connector.class"]}; only ${CONNECTOR_CLASS}`);
  }
  const get = (k: string, d: string): string => config[k] ?? d;
  const delim = get("directory.delim", "/");
  const format = formatOf(get("format.class", JSON_FORMAT), config);
  const gzip = get("s3.compression.type", "none") === "gzip";
  const scheduleMs = Number(get("rotate.schedule.interval.ms", "-1"));
  let zone: Zone | undefined;
  if (scheduleMs > 0) {
    const tz = get("timezone", "");
    if (tz.trim() === "")
      throw new ConfigException("timezone configuration must be set when using rotate.schedule.interval.ms");
    zone = resolveZone(tz);
  }
  const nullBehavior = get("behavior.on.null.values", "fail").toLowerCase() as TaskSettings["nullBehavior"];
  const storeKeys = get("store.kafka.keys", "false").toLowerCase() === "true";
  if (nullBehavior === "write" && !storeKeys) {
    throw new ConfigException("Writing Kafka record keys to storage is mandatory when tombstone writing is enabled.");
  }
  const keysFormatClass = get("keys.format.class", "io.confluent.connect.s3.format.avro.AvroFormat");
  const regex = get("topics.regex", "").trim();
  const topics = get("topics", "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const storeUrl = config["store.url"];
  const ak = get("aws.access.key.id", "");
  const sk = get("aws.secret.access.key", "");
  return {
    name: get("name", ""),
    topics: regex === "" ? topics : undefined,
    topicsRegex: regex === "" ? undefined : new RegExp(`^(?:${regex})$`),
    bucket: get("s3.bucket.name", ""),
    s3: {
      endpoint: storeUrl && storeUrl.trim() !== "" ? storeUrl : worker.s3.endpoint,
      region: config["s3.region"] ?? worker.s3.region,
      accessKeyId: ak !== "" && sk !== "" ? ak : worker.s3.accessKeyId,
      secretAccessKey: ak !== "" && sk !== "" ? sk : worker.s3.secretAccessKey,
    },
    partRetries: Number(get("s3.part.retries", "3")),
    retryBackoffMs: Number(get("retry.backoff.ms", "5000")),
    writer: {
      layout: {
        topicsDir: get("topics.dir", "topics"),
        directoryDelim: delim,
        fileDelim: get("file.delim", "+"),
        padWidth: Number(get("filename.offset.zero.pad.width", "10")),
      },
      format,
      gzip,
      gzipLevel: Number(get("s3.compression.level", "-1")),
      flushSize: Number(get("flush.size", "1")),
      rotateIntervalMs: Number(get("rotate.interval.ms", "-1")),
      rotateScheduleIntervalMs: scheduleMs,
      zone,
      storeKeys: storeKeys ? formatOf(keysFormatClass, config) : undefined,
      storeHeaders: get("store.kafka.headers", "false").toLowerCase() === "true",
      partitionerConfig: config,
    },
    keyConverter: converterFor("key", config, worker.converters),
    valueConverter: converterFor("value", config, worker.converters),
    nullBehavior,
    reportNullsToDlq: get("report.null.values.to.dlq", "true").toLowerCase() === "true",
    tolerance: get("errors.tolerance", "none") === "all" ? "all" : "none",
    dlqTopic: get("errors.deadletterqueue.topic.name", "").trim(),
    dlqReplicationFactor: Number(get("errors.deadletterqueue.topic.replication.factor", "3")),
    dlqContextHeaders: get("errors.deadletterqueue.context.headers.enable", "false").toLowerCase() === "true",
    errorsLog: get("errors.log.enable", "false").toLowerCase() === "true",
  };
}

export function buildWriterSettings(t: TaskSettings): WriterSettings {
  return { ...t.writer, partitioner: buildPartitioner(t.writer.partitionerConfig, t.writer.layout.directoryDelim) };
}
