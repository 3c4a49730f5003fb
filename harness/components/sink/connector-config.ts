import { atLeast, between, oneOf, validateConfig, type ConfigKey, type ConfigValue } from "../../java/config-def.ts";
import { KNOWN_CONVERTERS, STRING_CONVERTER } from "./converters.ts";
import { AVRO_FORMAT, BYTE_ARRAY_FORMAT, JSON_FORMAT, PARQUET_FORMAT } from "./format/format.ts";

export const CONNECTOR_CLASS = "io.confluent.connect.s3.S3SinkConnector";
export const TASK_CLASS = "io.confluent.connect.s3.S3SinkTask";
export const CONNECTOR_VERSION = "10.5.13";
const P = "io.confluent.connect.storage.partitioner.";
export const PARTITIONERS = {
  default: `${P}DefaultPartitioner`,
  field: `${P}FieldPartitioner`,
  timeBased: `${P}TimeBasedPartitioner`,
  hourly: `${P}HourlyPartitioner`,
  daily: `${P}DailyPartitioner`,
};

/** Regions the 10.x connector's validator knows. */
const REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ca-central-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-north-1",
  "eu-south-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "me-south-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

type KeySpec = Omit<ConfigKey, "order" | "width" | "displayName" | "group"> & {
  width?: ConfigKey["width"];
  display?: string;
};

function group(name: string, specs: KeySpec[]): ConfigKey[] {
  return specs.map((s, i) => ({
    ...s,
    group: name,
    order: i + 1,
    width: s.width ?? "LONG",
    displayName: s.display ?? s.name,
  }));
}

const nonEmpty = (v: string): string | undefined => (v.trim() === "" ? "String may not be empty" : undefined);

/** Connector-level keys every Connect connector has. */
export const COMMON_KEYS: ConfigKey[] = group("Common", [
  {
    name: "name",
    type: "STRING",
    importance: "HIGH",
    documentation: "Unique name of the connector.",
    validate: nonEmpty,
    display: "Connector name",
  },
  {
    name: "connector.class",
    type: "STRING",
    importance: "HIGH",
    documentation: "Class of the connector.",
    display: "Connector class",
  },
  {
    name: "tasks.max",
    type: "INT",
    default: "1",
    importance: "HIGH",
    documentation: "Most tasks this connector may run.",
    validate: atLeast(1),
    display: "Tasks max",
  },
  {
    name: "key.converter",
    type: "CLASS",
    default: null,
    importance: "LOW",
    documentation: "Converter of record keys; the worker's when unset.",
    display: "Key converter class",
  },
  {
    name: "value.converter",
    type: "CLASS",
    default: null,
    importance: "LOW",
    documentation: "Converter of record values; the worker's when unset.",
    display: "Value converter class",
  },
  {
    name: "header.converter",
    type: "CLASS",
    default: null,
    importance: "LOW",
    documentation: "Converter of record headers; the worker's when unset.",
    display: "Header converter class",
  },
  {
    name: "topics",
    type: "LIST",
    default: "",
    importance: "HIGH",
    documentation: "Topics to consume, comma-separated.",
    display: "Topics",
  },
  {
    name: "topics.regex",
    type: "STRING",
    default: "",
    importance: "HIGH",
    documentation: "Java regular expression the whole topic name must match.",
    display: "Topics regex",
  },
]).concat(
  group("Error Handling", [
    {
      name: "errors.retry.timeout",
      type: "LONG",
      default: "0",
      importance: "MEDIUM",
      documentation: "How long a failed operation is retried, in ms.",
      display: "Retry Timeout for Errors",
    },
    {
      name: "errors.retry.delay.max.ms",
      type: "LONG",
      default: "60000",
      importance: "MEDIUM",
      documentation: "Longest wait between retries, in ms.",
      display: "Maximum Delay Between Retries for Errors",
    },
    {
      name: "errors.tolerance",
      type: "STRING",
      default: "none",
      importance: "MEDIUM",
      documentation: "none fails the task on a bad record; all skips it.",
      validate: oneOf(["none", "all"]),
      display: "Error Tolerance",
    },
    {
      name: "errors.log.enable",
      type: "BOOLEAN",
      default: "false",
      importance: "MEDIUM",
      documentation: "Log each error and failed record.",
      display: "Log Errors",
    },
    {
      name: "errors.log.include.messages",
      type: "BOOLEAN",
      default: "false",
      importance: "MEDIUM",
      documentation: "Include the record in error logs.",
      display: "Log Error Details",
    },
    {
      name: "errors.deadletterqueue.topic.name",
      type: "STRING",
      default: "",
      importance: "MEDIUM",
      documentation: "Topic that receives failed records.",
      display: "Dead Letter Queue Topic Name",
    },
    {
      name: "errors.deadletterqueue.topic.replication.factor",
      type: "INT",
      default: "3",
      importance: "MEDIUM",
      documentation: "Replication factor of a dead letter topic that has to be created.",
      display: "Dead Letter Queue Topic Replication Factor",
    },
    {
      name: "errors.deadletterqueue.context.headers.enable",
      type: "BOOLEAN",
      default: "false",
      importance: "MEDIUM",
      documentation: "Add headers describing the failure to dead letter records.",
      display: "Enable Error Context Headers",
    },
  ]),
);

/** The S3 sink's own keys (the subset pinpipe implements, with the real defaults). */
export const S3_KEYS: ConfigKey[] = group("S3", [
  {
    name: "s3.bucket.name",
    type: "STRING",
    importance: "HIGH",
    documentation: "Bucket the objects go to.",
    display: "S3 Bucket",
  },
  {
    name: "s3.region",
    type: "STRING",
    default: "us-west-2",
    importance: "MEDIUM",
    documentation: "Region of the bucket.",
    validate: oneOf(REGIONS),
    recommended: REGIONS,
    display: "AWS region",
  },
  {
    name: "s3.part.size",
    type: "INT",
    default: "26214400",
    importance: "HIGH",
    documentation: "Multipart upload part size in bytes.",
    validate: (v) => (Number(v) < 5242880 ? "Part size must be at least: 5242880 bytes (5MB)" : undefined),
    display: "S3 Part Size",
  },
  {
    name: "s3.compression.type",
    type: "STRING",
    default: "none",
    importance: "LOW",
    documentation: "none or gzip.",
    validate: oneOf(["none", "gzip"]),
    display: "Compression type",
  },
  {
    name: "s3.compression.level",
    type: "INT",
    default: "-1",
    importance: "LOW",
    documentation: "Deflate level, -1 for the default.",
    validate: between(-1, 9),
    display: "Compression Level",
  },
  {
    name: "s3.part.retries",
    type: "INT",
    default: "3",
    importance: "MEDIUM",
    documentation: "Retries of one S3 request.",
    validate: atLeast(0),
    display: "S3 Part Upload Retries",
  },
  {
    name: "s3.retry.backoff.ms",
    type: "LONG",
    default: "200",
    importance: "LOW",
    documentation: "First backoff between S3 retries, in ms.",
    validate: atLeast(0),
    display: "Retry Backoff (ms)",
  },
  {
    name: "s3.path.style.access.enabled",
    type: "BOOLEAN",
    default: "true",
    importance: "LOW",
    documentation: "Address the bucket in the path.",
    display: "Enable Path Style Access to S3",
  },
  {
    name: "store.url",
    type: "STRING",
    default: null,
    importance: "HIGH",
    documentation: "Endpoint of an S3-compatible store, with its scheme.",
    display: "Store URL",
  },
  {
    name: "aws.access.key.id",
    type: "STRING",
    default: "",
    importance: "HIGH",
    documentation: "Access key; the default credentials when blank.",
    display: "AWS Access Key ID",
  },
  {
    name: "aws.secret.access.key",
    type: "PASSWORD",
    default: "",
    importance: "HIGH",
    documentation: "Secret key matching aws.access.key.id.",
    display: "AWS Secret Access Key",
  },
  {
    name: "format.bytearray.extension",
    type: "STRING",
    default: ".bin",
    importance: "LOW",
    documentation: "Extension of ByteArrayFormat files.",
    display: "Output file extension for ByteArrayFormat",
  },
  {
    name: "format.bytearray.separator",
    type: "STRING",
    default: null,
    importance: "LOW",
    documentation: "Written after every ByteArrayFormat record; a newline when unset.",
    display: "Line separator ByteArrayFormat",
  },
  {
    name: "behavior.on.null.values",
    type: "STRING",
    default: "fail",
    importance: "LOW",
    documentation: "fail, ignore or write records with null values.",
    validate: oneOf(["ignore", "fail", "write"], true),
    display: "Behavior for null-valued records",
  },
  {
    name: "report.null.values.to.dlq",
    type: "BOOLEAN",
    default: "true",
    importance: "LOW",
    documentation: "Whether null-valued records that are ignored are reported to the errant record reporter.",
    display: "Report null values to DLQ",
  },
  {
    name: "store.kafka.keys",
    type: "BOOLEAN",
    default: "false",
    importance: "LOW",
    documentation: "Also write record keys to a sibling file.",
    display: "Store Kafka keys",
  },
  {
    name: "store.kafka.headers",
    type: "BOOLEAN",
    default: "false",
    importance: "LOW",
    documentation: "Also write record headers to a sibling file.",
    display: "Store Kafka headers",
  },
  {
    name: "keys.format.class",
    type: "CLASS",
    default: AVRO_FORMAT,
    importance: "LOW",
    documentation: "Format of the keys file.",
    display: "Keys format class",
  },
  {
    name: "headers.format.class",
    type: "CLASS",
    default: AVRO_FORMAT,
    importance: "LOW",
    documentation: "Format of the headers file.",
    display: "Headers format class",
  },
  {
    name: "tombstone.encoded.partition",
    type: "STRING",
    default: "tombstone",
    importance: "LOW",
    documentation: "Directory of tombstone key files.",
    display: "Tombstone Encoded Partition",
  },
  {
    name: "s3.object.tagging",
    type: "BOOLEAN",
    default: "false",
    importance: "LOW",
    documentation: "Tag objects with their offsets and record count.",
    display: "S3 Object Tagging",
  },
]).concat(
  group("Storage", [
    {
      name: "storage.class",
      type: "CLASS",
      importance: "HIGH",
      documentation: "The storage implementation.",
      display: "Storage Class",
    },
    {
      name: "topics.dir",
      type: "STRING",
      default: "topics",
      importance: "HIGH",
      documentation: "Top-level directory of the objects.",
      display: "Topics directory",
    },
    {
      name: "directory.delim",
      type: "STRING",
      default: "/",
      importance: "MEDIUM",
      documentation: "Directory delimiter.",
      display: "Directory Delimiter",
    },
    {
      name: "file.delim",
      type: "STRING",
      default: "+",
      importance: "MEDIUM",
      documentation: "Delimiter inside file names.",
      display: "File Delimiter",
    },
  ]),
  group("Connector", [
    {
      name: "format.class",
      type: "CLASS",
      importance: "HIGH",
      documentation: "Record format of the objects.",
      display: "Format class",
    },
    {
      name: "flush.size",
      type: "INT",
      importance: "HIGH",
      documentation: "Records per file before it is committed.",
      display: "Flush Size",
    },
    {
      name: "rotate.interval.ms",
      type: "LONG",
      default: "-1",
      importance: "HIGH",
      documentation: "Longest record-time span of a file (time-based partitioners).",
      display: "Rotate Interval (ms)",
    },
    {
      name: "rotate.schedule.interval.ms",
      type: "LONG",
      default: "-1",
      importance: "MEDIUM",
      documentation: "Wall-clock period after which open files are committed.",
      display: "Scheduled Rotate Interval (ms)",
    },
    {
      name: "retry.backoff.ms",
      type: "LONG",
      default: "5000",
      importance: "LOW",
      documentation: "Wait before retrying after a retriable storage error.",
      display: "Retry Backoff (ms)",
    },
    {
      name: "filename.offset.zero.pad.width",
      type: "INT",
      default: "10",
      importance: "LOW",
      documentation: "Digits of the start offset in file names.",
      validate: atLeast(1),
      display: "Filename Offset Zero Pad Width",
    },
    {
      name: "schema.compatibility",
      type: "STRING",
      default: "NONE",
      importance: "HIGH",
      documentation: "Schema evolution handling.",
      validate: oneOf(["NONE", "BACKWARD", "FORWARD", "FULL"], true),
      display: "Schema Compatibility",
    },
  ]),
  group("Partitioner", [
    {
      name: "partitioner.class",
      type: "CLASS",
      default: PARTITIONERS.default,
      importance: "HIGH",
      documentation: "How records map to directories.",
      display: "Partitioner Class",
    },
    {
      name: "partition.field.name",
      type: "LIST",
      default: "",
      importance: "MEDIUM",
      documentation: "Fields FieldPartitioner uses.",
      display: "Partition Field Name",
    },
    {
      name: "partition.duration.ms",
      type: "LONG",
      default: "-1",
      importance: "MEDIUM",
      documentation: "Time bucket length of TimeBasedPartitioner.",
      display: "Partition Duration (ms)",
    },
    {
      name: "path.format",
      type: "STRING",
      default: "",
      importance: "MEDIUM",
      documentation: "Joda-Time pattern of time-based directories.",
      display: "Path Format",
    },
    {
      name: "locale",
      type: "STRING",
      default: "",
      importance: "MEDIUM",
      documentation: "Locale of text fields in path.format.",
      display: "Locale",
    },
    {
      name: "timezone",
      type: "STRING",
      default: "",
      importance: "MEDIUM",
      documentation: "Time zone of time-based directories.",
      display: "Timezone",
    },
    {
      name: "timestamp.extractor",
      type: "STRING",
      default: "Wallclock",
      importance: "MEDIUM",
      documentation: "Wallclock, Record, RecordField or a class name.",
      display: "Timestamp Extractor",
    },
    {
      name: "timestamp.field",
      type: "STRING",
      default: "timestamp",
      importance: "MEDIUM",
      documentation: "Field RecordField reads.",
      display: "Record Field for Timestamp Extractor",
    },
  ]),
);

export const ALL_KEYS = [...COMMON_KEYS, ...S3_KEYS];

const SUPPORTED_FORMATS = [JSON_FORMAT, BYTE_ARRAY_FORMAT];

/**
 * Validates a connector config as the herder does (connector-level keys, then the S3 sink's, then the sink's
 * cross-key rules). Returns every key's value and errors.
 */
export function validateConnectorConfig(config: Record<string, string | null>): ConfigValue[] {
  const values = validateConfig(ALL_KEYS, config);
  const byName = new Map(values.map((v) => [v.name, v]));
  const add = (key: string, msg: string): void => {
    byName.get(key)?.errors.push(msg);
  };
  const topics = (config.topics ?? "").trim();
  const regex = (config["topics.regex"] ?? "").trim();
  if (topics !== "" && regex !== "") {
    const msg = "topics and topics.regex are mutually exclusive options, but both are set.";
    add("topics", msg);
    add("topics.regex", msg);
  } else if (topics === "" && regex === "") {
    const msg = "Must configure one of topics or topics.regex";
    add("topics", msg);
    add("topics.regex", msg);
  }
  if (regex !== "") {
    try {
      new RegExp(regex);
    } catch (e) {
      add("topics.regex", `Invalid value ${regex} for configuration topics.regex: ${(e as Error).message}`);
    }
  }
  const dlq = (config["errors.deadletterqueue.topic.name"] ?? "").trim();
  if (
    dlq !== "" &&
    topics
      .split(",")
      .map((t) => t.trim())
      .includes(dlq)
  ) {
    add(
      "errors.deadletterqueue.topic.name",
      `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${topics}') consumed by the connector`,
    );
  }
  const format = config["format.class"];
  if (typeof format === "string" && format !== "" && !SUPPORTED_FORMATS.includes(format)) {
    const known = [...SUPPORTED_FORMATS, AVRO_FORMAT, PARQUET_FORMAT].includes(format);
    add(
      "format.class",
      known
        ? `Invalid value ${format} for configuration format.class: pinpipe's sink writes JsonFormat and ByteArrayFormat only`
        : `Invalid value ${format} for configuration format.class: Class ${format} could not be found.`,
    );
  }
  if (
    config["s3.compression.type"] === "gzip" &&
    typeof format === "string" &&
    [AVRO_FORMAT, PARQUET_FORMAT].includes(format)
  ) {
    add("s3.compression.type", `Compression Type gzip not valid for ${format} format class: ( ${format} ).`);
  }
  for (const key of ["key.converter", "value.converter"]) {
    const c = config[key];
    if (typeof c === "string" && c !== "" && !KNOWN_CONVERTERS.includes(c)) {
      add(key, `Invalid value ${c} for configuration ${key}: Class ${c} could not be found.`);
    }
  }
  return values;
}

export function errorMessages(values: readonly ConfigValue[]): string[] {
  return values.flatMap((v) => v.errors);
}

/** The worker's converter defaults: MSK Connect's worker configuration uses StringConverter for both. */
export const WORKER_CONVERTERS = {
  "key.converter": STRING_CONVERTER,
  "value.converter": STRING_CONVERTER,
};
