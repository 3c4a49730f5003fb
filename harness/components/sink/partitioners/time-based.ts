import { compileJodaPattern, formatJoda } from "./joda-format.ts";
import type { Partitioner } from "./partitioner.ts";
import type { TimestampExtractor } from "./timestamp.ts";
import { localToUtc, utcToLocal, type Zone } from "./zone.ts";

export interface TimeBasedSettings {
  durationMs: number;
  /** Joda pattern, one trailing directory delimiter already stripped. */
  pathFormat: string;
  locale: string;
  zone: Zone;
  extractor: TimestampExtractor;
}

/** Start of the time bucket holding `ts`, as TimeBasedPartitioner computes it (division truncates toward zero). */
export function bucketStart(ts: number, durationMs: number, zone: Zone): number {
  const local = utcToLocal(zone, ts);
  const b = Math.trunc(local / durationMs) * durationMs;
  return localToUtc(zone, b);
}

/** Time-based partitioners (TimeBased, Hourly, Daily): the Joda-formatted start of the record's time bucket. */
export function timeBasedPartitioner(s: TimeBasedSettings): Partitioner {
  const pattern = compileJodaPattern(s.pathFormat);
  return {
    timeBased: true,
    timestamp: (r, now) => s.extractor(r, now),
    encode: (_r, ts) => formatJoda(pattern, bucketStart(ts ?? 0, s.durationMs, s.zone), s.zone, s.locale),
  };
}

/** The path formats Hourly/Daily build with the directory delimiter. */
export function hourlyPathFormat(delim: string): string {
  return `'year'=YYYY${delim}'month'=MM${delim}'day'=dd${delim}'hour'=HH`;
}

export function dailyPathFormat(delim: string): string {
  return `'year'=YYYY${delim}'month'=MM${delim}'day'=dd`;
}
