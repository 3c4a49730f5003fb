import { describe, expect, it } from "vitest";
import { Rng } from "../../fixtures/generator/prng.ts";
import { jdkZoneIds } from "../../harness/components/sink/partitioners/jdk-zone-names.ts";
import { compileJodaPattern, formatJoda } from "../../harness/components/sink/partitioners/joda-format.ts";
import { resolveZone } from "../../harness/components/sink/partitioners/zone.ts";
import type { OracleAnswer } from "../../harness/oracle/index.ts";
import { disagreements, outcomeOf, summary, useOracle, type Outcome } from "./support.ts";

const oracle = useOracle();

/** Path formats as connector configs write them, and fields one at a time in every width. */
const PATTERNS = [
  "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
  "'year'=yyyy/'month'=MM/'day'=dd",
  "YYYY-MM-dd/HH",
  "'dt'=yyyy-MM-dd/'hr'=HH",
  "xxxx-'W'ww-e",
  "yyyy/DDD",
  "MMM/MMMM/EEE/EEEE",
  "hh a/KK/kk/mm/ss/SSS",
  "G/C/Y/YY/y/yy",
  "Z/ZZ",
  "z/zzzz",
  "'it''s'/yyyy",
];
const ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "+05:30", "-08:00"];
// As a connector config names them: a bare language, or a tag, which Java's `new Locale(s)` makes a language the
// JDK has no data for (its root locale's names, whatever the tag says).
const LOCALES = ["en", "fr", "de", "en-US", "fr-FR", "en_GB", "xx"];
const PER_COMBINATION = 40;

describe("the differential oracle: time-based partition paths against Joda-Time", () => {
  it(`formats ${PATTERNS.length * ZONES.length * LOCALES.length * PER_COMBINATION} instants as Joda-Time 2.10 does`, async () => {
    const rng = new Rng(0x6a6f6461);
    const cases: { pattern: string; zone: string; locale: string; ms: number }[] = [];
    for (const pattern of PATTERNS)
      for (const zone of ZONES)
        for (const locale of LOCALES)
          for (let n = 0; n < PER_COMBINATION; n++) {
            // 1970 to 2038, with daylight-saving changes, year ends and ISO week edges among them.
            const ms = Math.floor((rng.next() / 2 ** 32) * 2 ** 31) * 1000 + (rng.next() % 1000);
            cases.push({ pattern, zone, locale, ms });
          }
    const inputs = cases.map((c) => `${c.pattern}\u0000${c.zone}\u0000${c.locale}\u0000${c.ms}`);
    const theirs = await oracle().ask(inputs.map((i) => ({ op: "connect/joda-path", input: Buffer.from(i) })));
    const ours = cases.map((c) =>
      outcomeOf(() => formatJoda(compileJodaPattern(c.pattern), c.ms, resolveZone(c.zone), c.locale)),
    );
    const found = disagreements(inputs, ours, theirs);
    expect(found.length, summary(found, inputs.length)).toBe(0);
  });
});

/** Patterns a connector config may get wrong, beside edge cases of quoting: Joda's refusal, or its path. */
const ODD_PATTERNS = [
  "q",
  "yyyy/qq",
  "'year'=yyyy/'T'HH",
  "yyyy-MM-ddTHH",
  "uuuu",
  "YYYY/WW",
  "XXX",
  "'unterminated",
  "yyyy'",
  "''",
  "'a''b'/yyyy",
  "yyyy//MM",
  "ZZZ",
  "",
];

describe("the differential oracle: path formats Joda-Time refuses", () => {
  it("refuses what Joda-Time refuses, with its message, and formats the rest as it does", async () => {
    const ms = 1_700_000_000_123;
    const inputs = ODD_PATTERNS.map((pattern) => `${pattern}\u0000UTC\u0000en\u0000${ms}`);
    const theirs = await oracle().ask(inputs.map((i) => ({ op: "connect/joda-path", input: Buffer.from(i) })));
    const ours = ODD_PATTERNS.map((pattern) =>
      outcomeOf(() => formatJoda(compileJodaPattern(pattern), ms, resolveZone("UTC"), "en")),
    );
    const found = disagreements(inputs, ours, theirs);
    // The message after the exception's class: the part the task's trace shows after its own class name.
    const message = (error: string): string => error.slice(error.indexOf(": ") + 2);
    ODD_PATTERNS.forEach((pattern, i) => {
      const [a, b] = [ours[i], theirs[i]];
      if (a && b && !a.ok && !b.ok && message(a.error) !== message(b.error)) {
        found.push(`pattern ${JSON.stringify(pattern)}\n  pinpipe: ${a.error}\n  java:    ${b.error}`);
      }
    });
    expect(found.length, summary(found, inputs.length)).toBe(0);
  });
});

/**
 * Zone names (`z`, `zzzz`) against Joda-Time on every zone id: those the platform supports and those the JDK names,
 * in winter and summer of years from 1970 to 2025. English and the root locale (what "xx", like any language
 * without names of its own, resolves to) on every instant; the other bundled languages on two.
 */
const NAME_YEARS = [1970, 1990, 2000, 2005, 2010, 2015, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
const EVERY_INSTANT_LOCALES = ["en", "xx"];
const FEW_INSTANT_LOCALES = ["de", "fr", "es", "it", "pt", "nl", "ja", "zh", "ko"];
const FEW_INSTANTS = [Date.UTC(2024, 0, 15, 12), Date.UTC(2024, 6, 15, 12)];

/** Zones whose names pinpipe cannot match, and why: each must still differ, or its entry goes. */
const KNOWN_NAME_MISMATCHES: { zones: string[]; years?: number[]; reason: string }[] = [
  {
    zones: ["ACT", "AET", "AGT", "ART", "AST", "BET", "BST", "CAT", "CNT", "CST", "CTT", "EAT", "ECT", "IET", "IST"],
    reason: "the JDK's old three-letter ids: Joda refuses them, the platform (and so resolveZone) takes them",
  },
  {
    zones: ["JST", "MIT", "NET", "NST", "PLT", "PNT", "PRT", "PST", "SST", "VST"],
    reason: "the JDK's old three-letter ids: Joda refuses them, the platform (and so resolveZone) takes them",
  },
  {
    zones: ["AST4", "AST4ADT", "CST6", "CST6CDT", "EST5", "EST5EDT", "HST10", "MST7", "MST7MDT", "PST8"]
      .concat(["PST8PDT", "YST9", "YST9YDT"])
      .map((id) => `SystemV/${id}`),
    reason: "tz's SystemV ids, which Joda's compiler leaves out: Joda refuses them, the platform takes them",
  },
  {
    zones: ["America/Ciudad_Juarez", "America/Coyhaique", "Europe/Kyiv"],
    reason: "ids newer than Joda 2.10.14's tz data (2022a): Joda refuses them, the platform's (2025) takes them",
  },
  {
    zones: ["America/Santa_Isabel", "Australia/Currie", "Etc/Greenwich", "Greenwich", "Pacific/Enderbury"],
    reason:
      "Joda names a linked id by the zone it links to (Pacific/Enderbury by Pacific/Kanton, Greenwich by Etc/GMT, " +
      "which the root locale has no row for); resolveZone keeps the id as given, and the JDK names the two apart",
  },
  {
    zones: ["Pacific/Johnston"],
    reason: "Joda names the link by Pacific/Honolulu (HST), the JDK names Pacific/Johnston otherwise (HAST)",
  },
  {
    zones: ["Africa/Freetown"],
    reason:
      "Joda 2.10.14's compiled tz data puts Freetown at +00:20 in daylight time to this day; the JDK's names for " +
      "its daylight time differ from the standard ones in some languages (fr: Heure de Greenwich)",
  },
  {
    zones: ["Africa/Cairo", "Egypt", "Asia/Amman", "Asia/Damascus", "Asia/Tehran", "Iran"],
    years: [2023, 2024, 2025],
    reason:
      "tz data: Joda 2.10.14 has 2022a, the platform 2025c, and the rules changed after 2022a (Egypt's " +
      "daylight saving came back; Jordan, Syria and Iran dropped theirs)",
  },
  {
    zones: ["America/Bahia_Banderas", "America/Chihuahua", "America/Mazatlan", "America/Merida"],
    years: [2023, 2024, 2025],
    reason: "tz data: Mexico dropped daylight saving in October 2022, after Joda 2.10.14's tz data (2022a)",
  },
  {
    zones: ["America/Mexico_City", "America/Monterrey", "Mexico/BajaSur", "Mexico/General"],
    years: [2023, 2024, 2025],
    reason: "tz data: Mexico dropped daylight saving in October 2022, after Joda 2.10.14's tz data (2022a)",
  },
  {
    zones: ["America/Godthab", "America/Nuuk"],
    years: [2023],
    reason: "tz data: Greenland moved to -02:00 in 2023, after Joda 2.10.14's tz data (2022a)",
  },
  {
    zones: ["America/Asuncion"],
    years: [2025],
    reason: "tz data: Paraguay kept -03:00 all year from October 2024, after Joda 2.10.14's tz data (2022a)",
  },
  {
    zones: ["America/Ensenada", "America/Tijuana", "Mexico/BajaNorte", "America/Nipigon", "America/Rainy_River"].concat(
      ["Pacific/Saipan"],
    ),
    years: [1970],
    reason:
      "tz data: the platform's (2025c) has other offsets for 1970 than Joda 2.10.14's (2022a); later releases " +
      "merged these zones into others or corrected their history",
  },
  {
    zones: ["Asia/Manila", "Europe/Uzhgorod"],
    years: [1990],
    reason:
      "tz data: the platform's (2025c) has other offsets for 1990 than Joda 2.10.14's (2022a); later releases " +
      "merged these zones into others or corrected their history",
  },
];

describe("the differential oracle: zone names against Joda-Time", () => {
  const zones = [...new Set([...Intl.supportedValuesOf("timeZone"), ...jdkZoneIds()])].sort();
  const instants = NAME_YEARS.flatMap((year) => [Date.UTC(year, 0, 15, 12), Date.UTC(year, 6, 15, 12)]);
  const cases: { pattern: string; zone: string; locale: string; ms: number }[] = [];
  for (const zone of zones)
    for (const pattern of ["z", "zzzz"]) {
      for (const locale of EVERY_INSTANT_LOCALES) for (const ms of instants) cases.push({ pattern, zone, locale, ms });
      for (const locale of FEW_INSTANT_LOCALES)
        for (const ms of FEW_INSTANTS) cases.push({ pattern, zone, locale, ms });
    }
  const knownFor = (zone: string, ms: number) =>
    KNOWN_NAME_MISMATCHES.find(
      (k) => k.zones.includes(zone) && (!k.years || k.years.includes(new Date(ms).getUTCFullYear())),
    );

  it(`prints the names of ${zones.length} zones as Joda-Time does, in ${cases.length} vectors`, async () => {
    const inputs = cases.map((c) => `${c.pattern}\u0000${c.zone}\u0000${c.locale}\u0000${c.ms}`);
    const theirs = await oracle().ask(inputs.map((i) => ({ op: "connect/joda-path", input: Buffer.from(i) })));
    const ours = cases.map((c) =>
      outcomeOf(() => formatJoda(compileJodaPattern(c.pattern), c.ms, resolveZone(c.zone), c.locale)),
    );
    const unexplained: number[] = [];
    const stillDiffering = new Set<string>();
    cases.forEach((c, i) => {
      if (disagreements([inputs[i] as string], [ours[i] as Outcome], [theirs[i] as OracleAnswer]).length === 0) return;
      const known = knownFor(c.zone, c.ms);
      if (known) stillDiffering.add(`${known.reason}|${c.zone}`);
      else unexplained.push(i);
    });
    const found = disagreements(
      unexplained.map((i) => inputs[i] as string),
      unexplained.map((i) => ours[i] as Outcome),
      unexplained.map((i) => theirs[i] as OracleAnswer),
    );
    expect(found.length, summary(found, inputs.length)).toBe(0);
    const stale = KNOWN_NAME_MISMATCHES.flatMap((k) =>
      k.zones.filter((zone) => !stillDiffering.has(`${k.reason}|${zone}`)).map((zone) => `${zone}: ${k.reason}`),
    );
    expect(stale, "known mismatches that now match: remove them from the list").toEqual([]);
  });
});
