/** Joda-Time `DateTimeZone` behaviour over the platform's time-zone data. */

export interface Zone {
  readonly id: string;
  /** Offset from UTC in ms at the instant `utcMs`. */
  offsetAt(utcMs: number): number;
}

const FIXED = /^([+-])(\d{2})(?::?(\d{2}))?$/;

/** Joda's refusal of a zone id: an IllegalArgumentException, which the task's trace shows by that name. */
export class ZoneError extends Error {
  override name = "java.lang.IllegalArgumentException";
}

function fixedZone(id: string, offsetMs: number): Zone {
  return { id, offsetAt: () => offsetMs };
}

const cache = new Map<string, Zone>();

/** Resolves a Joda zone id (IANA name, `UTC`, `+05:30`); throws `ZoneError` with Joda's message otherwise. */
export function resolveZone(id: string): Zone {
  const hit = cache.get(id);
  if (hit) return hit;
  const zone = makeZone(id);
  cache.set(id, zone);
  return zone;
}

function makeZone(id: string): Zone {
  if (id === "UTC") return fixedZone(id, 0);
  const m = FIXED.exec(id);
  if (m) {
    const ms = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
    if (Number(m[2]) > 23 || Number(m[3] ?? 0) > 59)
      throw new ZoneError(`The datetime zone id '${id}' is not recognised`);
    return fixedZone(id, m[1] === "-" ? -ms : ms);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: id,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  } catch {
    throw new ZoneError(`The datetime zone id '${id}' is not recognised`);
  }
  const resolved = format.resolvedOptions().timeZone;
  // Joda ids are case-sensitive where the platform is not.
  if (resolved !== id && resolved.toLowerCase() === id.toLowerCase()) {
    throw new ZoneError(`The datetime zone id '${id}' is not recognised`);
  }
  return {
    id,
    offsetAt(utcMs: number): number {
      const parts: Record<string, string> = {};
      for (const p of format.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
      let year = Number(parts.year);
      if (parts.era === "BC" || parts.era === "B") year = 1 - year;
      const local = Date.UTC(
        year,
        Number(parts.month) - 1,
        Number(parts.day),
        Number(parts.hour),
        Number(parts.minute),
        Number(parts.second),
      );
      const whole = utcMs - (((utcMs % 1000) + 1000) % 1000);
      return local - whole;
    },
  };
}

/** Joda `convertUTCToLocal`. */
export function utcToLocal(zone: Zone, utcMs: number): number {
  return utcMs + zone.offsetAt(utcMs);
}

/**
 * Joda `convertLocalToUTC(local, false)`: near a transition the second estimate wins, except in a spring-forward
 * gap west of Greenwich, where the first one is kept.
 */
export function localToUtc(zone: Zone, localMs: number): number {
  const offsetLocal = zone.offsetAt(localMs);
  let offset = zone.offsetAt(localMs - offsetLocal);
  if (offsetLocal !== offset && offsetLocal < 0) {
    const a = localMs - offsetLocal;
    const b = localMs - offset;
    const inGap = a + zone.offsetAt(a) !== localMs && b + zone.offsetAt(b) !== localMs;
    if (inGap) offset = offsetLocal;
  }
  return localMs - offset;
}
