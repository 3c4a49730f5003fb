import { describe, expect, it } from "vitest";
import { Rng } from "../../fixtures/generator/prng.ts";
import { compileJodaPattern, formatJoda } from "../../harness/components/sink/partitioners/joda-format.ts";
import { resolveZone } from "../../harness/components/sink/partitioners/zone.ts";
import { disagreements, outcomeOf, summary, useOracle } from "./support.ts";

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
  // Zone names (`z`, `zzzz`: "BST", "British Summer Time") are not reproduced: pinpipe writes the zone id.
  "Z/ZZ",
  "'it''s'/yyyy",
];
const ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "+05:30", "-08:00"];
const LOCALES = ["en", "fr", "de"];
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
