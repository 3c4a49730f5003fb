const HOUR = 3_600_000;

/**
 * Joda's standard offset where the platform's names would mislead. Joda's tz compiler moves it for a rule set with
 * negative daylight saving (Morocco, Namibia, Eire in Joda 2.10's tz data): it lowers the standard offset of every
 * period that follows those rules by the largest negative saving, and adds that back to every saving. The
 * platform's data, like the JDK's, is in the "rearguard" form, which differs in those periods: Namibia since 2017
 * is standard time there and daylight time in Joda. And Britain's all-year +01:00 of 1968 to 1971 is standard time
 * in the tz data, which the platform names "British Summer Time". Each entry holds from an instant (UTC) to the
 * next; the periods are those of the zones' lines in Joda's tz source. Ids Joda links to a zone share its entry.
 */
const DUBLIN = [{ fromUtc: Date.UTC(1968, 9, 26, 23), standardMs: 0 }];
const LONDON = [
  { fromUtc: Date.UTC(1968, 9, 26, 23), standardMs: HOUR },
  { fromUtc: Date.UTC(1971, 9, 31, 2), standardMs: 0 },
];
const JODA_STANDARD_OFFSETS: Record<string, readonly { fromUtc: number; standardMs: number }[]> = {
  "Africa/Casablanca": [
    { fromUtc: Date.UTC(1913, 9, 26, 0, 30, 20), standardMs: -HOUR },
    { fromUtc: Date.UTC(1984, 2, 16), standardMs: HOUR },
    { fromUtc: Date.UTC(1985, 11, 31, 23), standardMs: -HOUR },
    { fromUtc: Date.UTC(2018, 9, 28, 2), standardMs: 0 },
  ],
  "Africa/El_Aaiun": [
    { fromUtc: Date.UTC(1976, 3, 14, 1), standardMs: -HOUR },
    { fromUtc: Date.UTC(2018, 9, 28, 2), standardMs: 0 },
  ],
  "Africa/Windhoek": [{ fromUtc: Date.UTC(1990, 2, 20, 22), standardMs: HOUR }],
  "Europe/Dublin": DUBLIN,
  Eire: DUBLIN,
  ...Object.fromEntries(
    ["Europe/London", "GB", "GB-Eire", "Europe/Belfast", "Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey"].map(
      (id) => [id, LONDON],
    ),
  ),
};

/** Joda's standard offset for the zone at the instant, where the table holds it. */
export function jodaStandardOffset(zoneId: string, utcMs: number): number | undefined {
  let standard: number | undefined;
  for (const period of JODA_STANDARD_OFFSETS[zoneId] ?? []) if (utcMs >= period.fromUtc) standard = period.standardMs;
  return standard;
}
