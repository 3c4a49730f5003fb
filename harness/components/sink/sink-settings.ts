import { withDefaults } from "../../java/config-def.ts";
import { ALL_KEYS, CONNECTOR_CLASS, WORKER_CONVERTERS } from "./connector-config.ts";
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

const DECLARED = new Set(ALL_KEYS.map((key) => key.name));

/** Resolves a (validated) connector config into what the tasks need; throws ConfigException as a task start would. */
export function resolveTaskSettings(
  config: Record<string, string>,
  worker: { s3: S3Connection; converters: Record<string, string> },
): TaskSettings {
  if (config["connector.class"] !== undefined && !/S3Sink(Connector)?$/.test(config["connector.class"])) {
    throw new ConfigException(`Unsupported connector class ${config["connector.class"]}; only ${CONNECTOR_CLASS}`);
  }
  // Every default comes from the connector's ConfigDef; a key read here that it does not declare is a defect.
  const settings = withDefaults(ALL_KEYS, config);
  const get = (k: string): string => {
    if (!DECLARED.has(k)) throw new Error(`the S3 sink reads ${k}, which its ConfigDef does not declare`);
    return settings[k] ?? "";
  };
  const delim = get("directory.delim");
  const format = formatOf(get("format.class"), config);
  const gzip = get("s3.compression.type") === "gzip";
  const scheduleMs = Number(get("rotate.schedule.interval.ms"));
  let zone: Zone | undefined;
  if (scheduleMs > 0) {
    const tz = get("timezone");
    if (tz.trim() === "")
      throw new ConfigException("timezone configuration must be set when using rotate.schedule.interval.ms");
    zone = resolveZone(tz);
  }
  const nullBehavior = get("behavior.on.null.values").toLowerCase() as TaskSettings["nullBehavior"];
  const storeKeys = get("store.kafka.keys").toLowerCase() === "true";
  if (nullBehavior === "write" && !storeKeys) {
    throw new ConfigException("Writing Kafka record keys to storage is mandatory when tombstone writing is enabled.");
  }
  const keysFormatClass = get("keys.format.class");
  const regex = get("topics.regex").trim();
  const topics = get("topics")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const storeUrl = config["store.url"];
  const ak = get("aws.access.key.id");
  const sk = get("aws.secret.access.key");
  return {
    name: get("name"),
    topics: regex === "" ? topics : undefined,
    topicsRegex: regex === "" ? undefined : new RegExp(`^(?:${regex})$`),
    bucket: get("s3.bucket.name"),
    s3: {
      endpoint: storeUrl && storeUrl.trim() !== "" ? storeUrl : worker.s3.endpoint,
      region: config["s3.region"] ?? worker.s3.region,
      accessKeyId: ak !== "" && sk !== "" ? ak : worker.s3.accessKeyId,
      secretAccessKey: ak !== "" && sk !== "" ? sk : worker.s3.secretAccessKey,
    },
    partRetries: Number(get("s3.part.retries")),
    retryBackoffMs: Number(get("retry.backoff.ms")),
    writer: {
      layout: {
        topicsDir: get("topics.dir"),
        directoryDelim: delim,
        fileDelim: get("file.delim"),
        padWidth: Number(get("filename.offset.zero.pad.width")),
      },
      format,
      gzip,
      gzipLevel: Number(get("s3.compression.level")),
      flushSize: Number(get("flush.size")),
      rotateIntervalMs: Number(get("rotate.interval.ms")),
      rotateScheduleIntervalMs: scheduleMs,
      zone,
      storeKeys: storeKeys ? formatOf(keysFormatClass, config) : undefined,
      storeHeaders: get("store.kafka.headers").toLowerCase() === "true",
      partitionerConfig: config,
    },
    keyConverter: converterFor("key", config, worker.converters),
    valueConverter: converterFor("value", config, worker.converters),
    nullBehavior,
    reportNullsToDlq: get("report.null.values.to.dlq").toLowerCase() === "true",
    tolerance: get("errors.tolerance") === "all" ? "all" : "none",
    dlqTopic: get("errors.deadletterqueue.topic.name").trim(),
    dlqReplicationFactor: Number(get("errors.deadletterqueue.topic.replication.factor")),
    dlqContextHeaders: get("errors.deadletterqueue.context.headers.enable").toLowerCase() === "true",
    errorsLog: get("errors.log.enable").toLowerCase() === "true",
  };
}

export function buildWriterSettings(t: TaskSettings): WriterSettings {
  return { ...t.writer, partitioner: buildPartitioner(t.writer.partitionerConfig, t.writer.layout.directoryDelim) };
}
