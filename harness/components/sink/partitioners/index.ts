import { ConnectException, type Partitioner } from "./partitioner.ts";
import { defaultPartitioner } from "./default.ts";
import { fieldPartitioner } from "./field.ts";
import { PatternError, compileJodaPattern } from "./joda-format.ts";
import { dailyPathFormat, hourlyPathFormat, timeBasedPartitioner } from "./time-based.ts";
import { timestampExtractor } from "./timestamp.ts";
import { ZoneError, resolveZone } from "./zone.ts";
import { PARTITIONERS } from "../connector-config.ts";

/** A configuration problem found when the task starts (`ConfigException` in the real one). */
export class ConfigException extends ConnectException {
  override name = "org.apache.kafka.common.config.ConfigException";
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
    if (duration < 0) throw new ConfigException("Partition duration needs to be a positive.");
    pathFormat = config["path.format"] ?? "";
    if (pathFormat.trim() === "" || pathFormat === delim) throw new ConfigException("Path format cannot be empty.");
  } else {
    throw new ConfigException(
      `Invalid value ${cls} for configuration partitioner.class: Class ${cls} could not be found.`,
    );
  }
  if (pathFormat.endsWith(delim)) pathFormat = pathFormat.slice(0, -delim.length);
  const locale = config.locale ?? "";
  if (locale.trim() === "") throw new ConfigException("Locale cannot be empty.");
  const tz = config.timezone ?? "";
  if (tz.trim() === "") throw new ConfigException("Timezone cannot be empty.");
  let zone;
  try {
    zone = resolveZone(tz);
  } catch (e) {
    if (e instanceof ZoneError) throw new ConfigException(e.message);
    throw e;
  }
  try {
    compileJodaPattern(pathFormat);
  } catch (e) {
    if (e instanceof PatternError) throw new ConfigException(e.message);
    throw e;
  }
  const extractorName = config["timestamp.extractor"] ?? "Wallclock";
  const extractor = timestampExtractor(extractorName, config["timestamp.field"] ?? "timestamp");
  if (!extractor) throw new ConfigException(`Class ${extractorName} could not be found.`);
  return timeBasedPartitioner({ durationMs: duration, pathFormat, locale, zone, extractor });
}
