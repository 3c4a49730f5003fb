import { jdkZoneName, type NameStyle } from "./jdk-zone-names.ts";
import { isStandardTime } from "./standard-time.ts";
import { printOffset, type Zone } from "./zone.ts";

/**
 * Joda's `DateTimeZone.getShortName`/`getName(instant, locale)`, what `z` and `zzzz` print: an offset zone prints
 * its id; any other zone the JDK's name for its id (without an `Etc/` prefix) in standard or daylight time, or its
 * offset at the instant where the JDK has no such name.
 */
export function jodaZoneName(zone: Zone, utcMs: number, localeSetting: string, style: NameStyle): string {
  if (zone.kind === "offset") return zone.id;
  const namesId = zone.id.startsWith("Etc/") ? zone.id.slice(4) : zone.id;
  const name = jdkZoneName(namesId, localeSetting, isStandardTime(zone, namesId, utcMs), style);
  return name ?? printOffset(zone.offsetAt(utcMs));
}
