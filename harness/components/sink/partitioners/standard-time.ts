import { jdkZoneName } from "./jdk-zone-names.ts";
import { jodaStandardOffset } from "./joda-standard-offsets.ts";
import type { Zone } from "./zone.ts";

const DAY = 86_400_000;

const englishNames = new Map<string, Intl.DateTimeFormat>();

/** The platform's English name of the zone at the instant: "British Summer Time", "GMT+03:00", "Eastern Time". */
function platformName(zoneId: string, utcMs: number, style: "long" | "longGeneric"): string {
  const key = `${zoneId}|${style}`;
  let format = englishNames.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en", { timeZone: zoneId, timeZoneName: style });
    englishNames.set(key, format);
  }
  return format.formatToParts(new Date(utcMs)).find((p) => p.type === "timeZoneName")?.value ?? "";
}

function weeksAround(utcMs: number): number[] {
  const out: number[] = [];
  for (let days = 7; days <= 364; days += 7) out.push(utcMs - days * DAY, utcMs + days * DAY);
  return out;
}

/**
 * Whether a zone the platform names by its offset at the instant has a name of its own, under the same generic
 * name, at other times of the year: the platform falls back to the offset where the zone's names lack a daylight
 * one (Kyrgyzstan in 2005 is "Kyrgyzstan Time" in winter, "GMT+06:00" in summer).
 */
function namedOtherwiseThatYear(zoneId: string, utcMs: number): boolean {
  const generic = platformName(zoneId, utcMs, "longGeneric");
  return weeksAround(utcMs).some(
    (other) =>
      !platformName(zoneId, other, "long").startsWith("GMT") && platformName(zoneId, other, "longGeneric") === generic,
  );
}

/**
 * Whether the offset at the instant is a stretch of under ten months above the offsets either side of it, as
 * daylight saving time is: a zone that moves its offset for good (Bougainville in 2014) has a lower offset on one
 * side only, and one that holds a higher offset longer (Famagusta's +03:00 of 2016 and 2017) moved its standard
 * offset.
 */
function inDaylightStretch(zone: Zone, utcMs: number): boolean {
  const offset = zone.offsetAt(utcMs);
  const lowerAt = (direction: 1 | -1): number | undefined => {
    for (let days = 7; days <= 308; days += 7) {
      if (zone.offsetAt(utcMs + direction * days * DAY) < offset) return days;
    }
    return undefined;
  };
  const before = lowerAt(-1);
  const after = lowerAt(1);
  return before !== undefined && after !== undefined && before + after <= 308;
}

const MAX_ANSWERS = 4096;
const answers = new Map<string, boolean>();

/**
 * Joda's `isStandardOffset(instant)`: whether the offset then is the zone's standard offset, which picks the
 * standard or daylight name. The platform has no call for the standard offset; it picks its own names by its own
 * standard/daylight flag, though, from tz data in the same form as Joda's (daylight saving is never negative), so
 * the flag is read from them, in order:
 * - where Joda's standard offset is known to differ from the platform's (`joda-standard-offsets.ts`), from it;
 * - where the platform's English long name is one of the JDK's two English names for the zone, from which one;
 * - where the platform has a name of its own for the zone ("Kyzylorda Standard Time"), from its wording: every
 *   English daylight name ends in "Daylight Time" or "Summer Time" (Dublin's "Irish Standard Time" is in the first
 *   case);
 * - where it names the zone by its offset ("GMT+06:00") but by a name at other times of the year, daylight time;
 * - where it names the zone by its offset all year ("GMT+11:00"), from the offsets of the year around the instant.
 */
export function isStandardTime(zone: Zone, namesId: string, utcMs: number): boolean {
  if (zone.kind !== "region") return true;
  // A sink formats the same bucket starts over and over; the slower ways below sample a year of instants.
  const key = `${zone.id}|${namesId}|${utcMs}`;
  let standard = answers.get(key);
  if (standard === undefined) {
    if (answers.size >= MAX_ANSWERS) answers.clear();
    standard = findStandardTime(zone, namesId, utcMs);
    answers.set(key, standard);
  }
  return standard;
}

function findStandardTime(zone: Zone, namesId: string, utcMs: number): boolean {
  const joda = jodaStandardOffset(zone.id, utcMs);
  if (joda !== undefined) return zone.offsetAt(utcMs) === joda;
  const name = platformName(zone.id, utcMs, "long");
  const standard = jdkZoneName(namesId, "en", true, "long");
  const daylight = jdkZoneName(namesId, "en", false, "long");
  if (standard !== daylight && (name === standard || name === daylight)) return name === standard;
  if (!name.startsWith("GMT")) return !/ (Daylight|Summer) Time$/.test(name);
  if (namedOtherwiseThatYear(zone.id, utcMs)) return false;
  return !inDaylightStretch(zone, utcMs);
}
