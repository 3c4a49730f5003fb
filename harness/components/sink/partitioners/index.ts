import { ConnectException, type Partitioner } from "./partitioner.ts";
import { defaultPartitioner } from "./default.ts";
import { fieldPartitioner } from "./field.ts";
import { PatternError, compileJodaPattern } from "./joda-format.ts";
import { dailyPathFormat, hourlyPathFormat, timeBasedPartitioner } from "./time-based.ts";
import { timestampExtractor } from "./timestamp.ts";
import { resolveZone } from "./zone.ts";
import { PARTITIONERS } from "../connector-config.ts";

/** A configuration problem found when the task starts (`ConfigException` in the real one). */
export class ConfigException extends ConnectException {
  override name = "org.apache.kafka.common.config.ConfigException";

  /** Kafka's `new ConfigException(name, value, message)`, the form storage-common's partitioners throw. */
  static invalidValue(name: string, value: string, message: string, cause?: Error): ConfigException {
    return new ConfigException(`Invalid value ${value} for configuration ${name}: ${message}`, { cause });
  }
}

/** Builds the configured partitioner, with the checks and messages of the real `configure()`. */
export function buildPartitioner(config: Record<string, string>, delim: string): Partitioner {
  const cls = config["partitioner.class"] ?? PARTITIONERS.default;
  if (cls === PARTITIONERS.default) return defaultPartitioner();
  if (cls === PARTITIONERS.field) {
    return fieldPartitioner(
      (config["partition.field.name"] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  let duration: number;
  let pathFormat: string;
  if (cls === PARTITIONERS.hourly) {
    duration = 3_600_000;
    pathFormat = hourlyPathFormat(delim);
  } else if (cls === PARTITIONERS.daily) {
    duration = 86_400_000;
    pathFormat = dailyPathFormat(delim);
  } else if (cls === PARTITIONERS.timeBased) {
    duration = Number(config["partition.duration.ms"] ?? -1);
    if (duration < 0) {
      throw ConfigException.invalidValue(
        "partition.duration.ms",
        String(duration),
        "Partition duration needs to be a positive.",
      );
    }
    pathFormat = config["path.format"] ?? "";
    if (pathFormat.trim() === "" || pathFormat === delim) {
      throw ConfigException.invalidValue("path.format", pathFormat, "Path format cannot be empty.");
    }
  } else {
    throw new ConfigException(
      `Invalid value ${cls} for configuration partitioner.class: Class ${cls} could not be found.`,
    );
  }
  if (pathFormat.endsWith(delim)) pathFormat = pathFormat.slice(0, -delim.length);
  const locale = config.locale ?? "";
  if (locale.trim() === "") throw ConfigException.invalidValue("locale", locale, "Locale cannot be empty.");
  const tz = config.timezone ?? "";
  if (tz.trim() === "") throw ConfigException.invalidValue("timezone", tz, "Timezone cannot be empty.");
  // DateTimeZone.forID's IllegalArgumentException reaches the task as it is: configure() does not catch it.
  const zone = resolveZone(tz);
  try {
    compileJodaPattern(pathFormat);
  } catch (e) {
    // init() turns forPattern's IllegalArgumentException into a ConfigException on path.format, caused by it.
    if (e instanceof PatternError) throw ConfigException.invalidValue("path.format", pathFormat, e.message, e);
    throw e;
  }
  const extractorName = config["timestamp.extractor"] ?? "Wallclock";
  const extractor = timestampExtractor(extractorName, config["timestamp.field"] ?? "timestamp");
  // newTimestampExtractor's message, with the short names expanded as it expands them.
  if (!extractor) throw new ConfigException(`Invalid timestamp extractor: ${extractorName}`);
  return timeBasedPartitioner({ durationMs: duration, pathFormat, locale, zone, extractor });
}
