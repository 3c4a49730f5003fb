import { utcToLocal, type Zone } from "./zone.ts";
import { javaDateLanguage, ROOT_NAMES } from "./java-locale.ts";
import { jodaZoneName } from "./zone-name.ts";

/** A compiled Joda-Time `DateTimeFormat.forPattern` pattern, enough for partition paths. */
export type JodaPattern = readonly Token[];

type Token = { literal: string } | { field: string; count: number };

/** Joda's refusal of a pattern: an IllegalArgumentException, the cause storage-common's ConfigException names. */
export class PatternError extends Error {
  override name = "java.lang.IllegalArgumentException";
}

const KNOWN = new Set("GCYxwe EyDMdahHkKmsSzZ".replace(" ", "").split(""));

/** Splits a pattern: letter runs are fields, `'...'` is literal (`''` a quote), anything else literal. */
export function compileJodaPattern(pattern: string): JodaPattern {
  if (pattern === "") throw new PatternError("Invalid pattern specification");
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (!KNOWN.has(c)) throw new PatternError(`Illegal pattern component: ${pattern.slice(i, j)}`);
      tokens.push({ field: c, count: j - i });
      i = j;
    } else if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let text = "";
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
            continue;
          }
          break;
        }
        text += pattern[j];
      }
      tokens.push({ literal: text });
      i = j + 1;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? "-" + s : s;
}

/** ISO week-based year and week: weeks start on Monday, week 1 holds the year's first Thursday. */
function isoWeek(d: Date): { weekyear: number; week: number } {
  const day = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const weekyear = thursday.getUTCFullYear();
  const jan1 = Date.UTC(weekyear, 0, 1);
  return { weekyear, week: Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1 };
}

const textCache = new Map<string, string[]>();

/**
 * Month, weekday or era names for a Java locale string (`new Locale(s)`, see java-locale.ts), from the platform's
 * locale data, or the root locale's where Java has none for the language the setting makes. Java's
 * `DateFormatSymbols` gives the names used inside a date ("Sept.", "Fr." in German), not the stand-alone ones a
 * lone month or weekday gets, so each is read from a whole date.
 */
function names(locale: string, kind: "month" | "weekday" | "era", width: "short" | "long"): readonly string[] {
  const language = javaDateLanguage(locale);
  if (language === undefined) return ROOT_NAMES[kind];
  const key = `${language}|${kind}|${width}`;
  const hit = textCache.get(key);
  if (hit) return hit;
  const options: Intl.DateTimeFormatOptions = { [kind]: width, day: "numeric", year: "numeric", timeZone: "UTC" };
  if (kind !== "month") options.month = "long";
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat(language, options);
  } catch {
    fmt = new Intl.DateTimeFormat("en", options);
  }
  const out: string[] = [];
  // Months from 2024-01; weekdays Monday-first from 2024-01-01 (a Monday); eras BC then AD.
  const count = kind === "month" ? 12 : kind === "weekday" ? 7 : 2;
  for (let i = 0; i < count; i++) {
    const d = kind === "month" ? Date.UTC(2024, i, 15) : kind === "weekday" ? Date.UTC(2024, 0, 1 + i) : 0;
    const at = kind === "era" ? new Date(i === 0 ? -63_000_000_000_000 : d) : new Date(d);
    out.push(fmt.formatToParts(at).find((p) => p.type === kind)?.value ?? "");
  }
  textCache.set(key, out);
  return out;
}

function offsetText(ms: number, colon: boolean): string {
  const sign = ms < 0 ? "-" : "+";
  const m = Math.abs(ms) / 60_000;
  return `${sign}${pad(Math.floor(m / 60), 2)}${colon ? ":" : ""}${pad(m % 60, 2)}`;
}

/** Formats the instant in `zone`, with text fields in `locale`. */
export function formatJoda(pattern: JodaPattern, utcMs: number, zone: Zone, locale: string): string {
  const offset = zone.offsetAt(utcMs);
  const d = new Date(utcToLocal(zone, utcMs));
  let out = "";
  for (const t of pattern) {
    if ("literal" in t) {
      out += t.literal;
      continue;
    }
    const n = t.count;
    const year = d.getUTCFullYear();
    switch (t.field) {
      case "G":
        out += names(locale, "era", "short")[year > 0 ? 1 : 0];
        break;
      case "C":
        out += pad(Math.floor((year > 0 ? year : 1 - year) / 100), n);
        break;
      case "Y":
      case "y": {
        const y = t.field === "Y" && year <= 0 ? 1 - year : year;
        out += n === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, n);
        break;
      }
      case "x": {
        const wy = isoWeek(d).weekyear;
        out += n === 2 ? pad(((wy % 100) + 100) % 100, 2) : pad(wy, n);
        break;
      }
      case "w":
        out += pad(isoWeek(d).week, n);
        break;
      case "e":
        out += pad(((d.getUTCDay() + 6) % 7) + 1, n);
        break;
      case "E":
        out += names(locale, "weekday", n >= 4 ? "long" : "short")[(d.getUTCDay() + 6) % 7];
        break;
      case "D":
        out += pad(Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000) + 1, n);
        break;
      case "M":
        out +=
          n >= 3 ? names(locale, "month", n >= 4 ? "long" : "short")[d.getUTCMonth()] : pad(d.getUTCMonth() + 1, n);
        break;
      case "d":
        out += pad(d.getUTCDate(), n);
        break;
      case "a":
        out += d.getUTCHours() < 12 ? "AM" : "PM";
        break;
      case "h":
        out += pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, n);
        break;
      case "H":
        out += pad(d.getUTCHours(), n);
        break;
      case "k":
        out += pad(d.getUTCHours() === 0 ? 24 : d.getUTCHours(), n);
        break;
      case "K":
        out += pad(d.getUTCHours() % 12, n);
        break;
      case "m":
        out += pad(d.getUTCMinutes(), n);
        break;
      case "s":
        out += pad(d.getUTCSeconds(), n);
        break;
      case "S":
        out += String(d.getUTCMilliseconds()).padStart(3, "0").padEnd(n, "0").slice(0, n);
        break;
      case "z":
        out += jodaZoneName(zone, utcMs, locale, n >= 4 ? "long" : "short");
        break;
      case "Z":
        out += n === 1 ? offsetText(offset, false) : n === 2 ? offsetText(offset, true) : zone.id;
        break;
    }
  }
  return out;
}
