import { utcToLocal, localToUtc, type Zone } from "./partitioners/zone.ts";

const DAY = 86_400_000;

/**
 * The next `rotate.schedule.interval.ms` deadline: periods are counted from the start of the local day and the
 * last one of a day is cut at midnight, so deadlines line up with wall-clock boundaries in `zone`.
 */
export function nextScheduledRotation(now: number, periodMs: number, zone: Zone): number {
  const local = utcToLocal(zone, now);
  const dayStartLocal = Math.floor(local / DAY) * DAY;
  const dayStart = localToUtc(zone, dayStartLocal);
  const nextDayStart = localToUtc(zone, dayStartLocal + DAY);
  const dayLength = nextDayStart - dayStart;
  const elapsed = now - dayStart;
  return dayStart + Math.min((Math.floor(elapsed / periodMs) + 1) * periodMs, dayLength);
}
