/** Joda-Time `DateTimeZone` behaviour over the platform's time-zone data. */

export interface Zone {
  readonly id: string;
  /**
   * `utc` and `region` zones have names (Joda's name key); an `offset` zone (`+05:30`) has none, so Joda prints its
   * id where a name is asked for.
   */
  readonly kind: "utc" | "offset" | "region";
  /** Offset from UTC in ms at the instant `utcMs`. */
  offsetAt(utcMs: number): number;
}

const FIXED = /^([+-])(\d{2})(?::?(\d{2}))?$/;

/** Joda's refusal of a zone id: an IllegalArgumentException, which the task's trace shows by that name. */
export class ZoneError extends Error {
  override name = "java.lang.IllegalArgumentException";
}

const UTC: Zone = { id: "UTC", kind: "utc", offsetAt: () => 0 };

/** Joda's fixed-offset zone: its id is the offset as Joda prints it, and a zero offset is UTC itself. */
function offsetZone(offsetMs: number): Zone {
  return offsetMs === 0 ? UTC : { id: printOffset(offsetMs), kind: "offset", offsetAt: () => offsetMs };
}

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** Joda's `printOffset`: `+hh:mm`, with `:ss` and then `.SSS` only when they are not zero. */
export function printOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? "-" : "+";
  const abs = Math.abs(offsetMs);
  let text = `${sign}${twoDigits(Math.floor(abs / 3_600_000))}:${twoDigits(Math.floor(abs / 60_000) % 60)}`;
  if (abs % 60_000 === 0) return text;
  text += `:${twoDigits(Math.floor(abs / 1000) % 60)}`;
  if (abs % 1000 === 0) return text;
  return `${text}.${String(abs % 1000).padStart(3, "0")}`;
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
  if (id === "UTC") return UTC;
  const m = FIXED.exec(id);
  if (m) {
    const ms = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
    if (Number(m[2]) > 23 || Number(m[3] ?? 0) > 59)
      throw new ZoneError(`The datetime zone id '${id}' is not recognised`);
    return offsetZone(m[1] === "-" ? -ms : ms);
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
    // Joda names a linked id (US/Eastern) by its target (America/New_York); the platform's data does not say which
    // ids are links in Joda's tz data, so the id stays as given.
    id,
    kind: "region",
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
