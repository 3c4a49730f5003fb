import { javaTrace } from "../../../harness/components/sink/trace.ts";
import { describe, expect, it } from "vitest";
import { objectKey, zeroPad } from "../../../harness/components/sink/naming.ts";
import { buildPartitioner } from "../../../harness/components/sink/partitioners/index.ts";
import { compileJodaPattern, formatJoda } from "../../../harness/components/sink/partitioners/joda-format.ts";
import { resolveZone } from "../../../harness/components/sink/partitioners/zone.ts";
import { JavaMap } from "../../../harness/components/sink/json/java-value.ts";
import { nextScheduledRotation } from "../../../harness/components/sink/schedule.ts";
import { ErrorCode, isPinpipeError } from "../../../harness/errors.ts";

const layout = { topicsDir: "topics", directoryDelim: "/", fileDelim: "+", padWidth: 10 };

describe("object keys", () => {
  it("builds the default key", () => {
    expect(objectKey(layout, "orders", "partition=0", 0, 3, ".json")).toBe(
      "topics/orders/partition=0/orders+0+0000000003.json",
    );
  });
  it("drops a blank topics.dir and keeps a trailing slash verbatim (checklist 15)", () => {
    expect(objectKey({ ...layout, topicsDir: "" }, "ev", "partition=0", 0, 0, ".json")).toBe(
      "ev/partition=0/ev+0+0000000000.json",
    );
    expect(objectKey({ ...layout, topicsDir: "  " }, "ev", "partition=0", 0, 0, ".json")).toBe(
      "ev/partition=0/ev+0+0000000000.json",
    );
    expect(objectKey({ ...layout, topicsDir: "a/" }, "ev", "partition=0", 0, 0, ".json")).toBe(
      "a//ev/partition=0/ev+0+0000000000.json",
    );
  });
  it("pads without truncating (checklist 16)", () => {
    expect(objectKey({ ...layout, fileDelim: "_", padWidth: 3 }, "ev", "partition=0", 0, 12345, ".json")).toBe(
      "topics/ev/partition=0/ev_0_12345.json",
    );
    expect(zeroPad(7, 3)).toBe("007");
  });
});

const rec = (ts: number | null, value: unknown = new JavaMap([])) => ({
  topic: "ev",
  kafkaPartition: 0,
  offset: 0,
  timestamp: ts,
  value: value as JavaMap,
});

describe("partitioners", () => {
  const ts = 1704461117000; // 2024-01-05T13:25:17Z
  const hourly = (timezone: string) =>
    buildPartitioner(
      {
        "partitioner.class": "io.confluent.connect.storage.partitioner.HourlyPartitioner",
        locale: "en",
        timezone,
        "timestamp.extractor": "Record",
      },
      "/",
    );
  it.each([
    ["UTC", "year=2024/month=01/day=05/hour=13"],
    ["America/New_York", "year=2024/month=01/day=05/hour=08"],
    ["Asia/Kolkata", "year=2024/month=01/day=05/hour=18"],
    ["+05:30", "year=2024/month=01/day=05/hour=18"],
  ])("Hourly in %s (checklist 19)", (tz, path) => {
    const p = hourly(tz);
    const t = p.timestamp?.(rec(ts), 0);
    expect(p.encode(rec(ts), t)).toBe(path);
  });
  it("truncates toward zero before the epoch", () => {
    const p = hourly("UTC");
    expect(p.encode(rec(-1), -1)).toBe("year=1970/month=01/day=01/hour=00");
  });
  it("refuses bad settings with the real messages", () => {
    expect(() => hourly("")).toThrow("Invalid value  for configuration timezone: Timezone cannot be empty.");
    expect(() => hourly("Mars/Base")).toThrow("The datetime zone id 'Mars/Base' is not recognised");
    expect(() =>
      buildPartitioner({ "partitioner.class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner" }, "/"),
    ).toThrow("Invalid value -1 for configuration partition.duration.ms: Partition duration needs to be a positive.");
    expect(() =>
      buildPartitioner(
        {
          "partitioner.class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
          "partition.duration.ms": "1000",
          "path.format": "YYYY",
          locale: "",
        },
        "/",
      ),
    ).toThrow("Invalid value  for configuration locale: Locale cannot be empty.");
    const timeBased = {
      "partitioner.class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
      "partition.duration.ms": "1000",
      locale: "en",
      timezone: "UTC",
    };
    expect(() => buildPartitioner({ ...timeBased, "path.format": "/" }, "/")).toThrow(
      "Invalid value / for configuration path.format: Path format cannot be empty.",
    );
    // storage-common's init() wraps Joda's refusal, which stays the cause; a bad zone id is not wrapped at all.
    let refused: unknown;
    try {
      buildPartitioner({ ...timeBased, "path.format": "yyyy/qq" }, "/");
    } catch (error) {
      refused = error;
    }
    expect(javaTrace(refused)).toMatch(
      /^org\.apache\.kafka\.common\.config\.ConfigException: Invalid value yyyy\/qq for configuration path\.format: Illegal pattern component: qq\n.*\nCaused by: java\.lang\.IllegalArgumentException: Illegal pattern component: qq\n/,
    );
    try {
      buildPartitioner({ ...timeBased, "path.format": "yyyy", timezone: "Mars/Base" }, "/");
    } catch (error) {
      refused = error;
    }
    expect(javaTrace(refused)).toMatch(
      /^java\.lang\.IllegalArgumentException: The datetime zone id 'Mars\/Base' is not recognised\n/,
    );
    expect(() =>
      buildPartitioner({ ...timeBased, "path.format": "yyyy", "timestamp.extractor": "Clock" }, "/"),
    ).toThrow("Invalid timestamp extractor: Clock");
  });
  it("fails FieldPartitioner on schemaless values", () => {
    const p = buildPartitioner(
      { "partitioner.class": "io.confluent.connect.storage.partitioner.FieldPartitioner", "partition.field.name": "a" },
      "/",
    );
    expect(() => p.encode(rec(0), undefined)).toThrow("Error encoding partition.");
  });
  it("reads RecordField timestamps from maps", () => {
    const p = buildPartitioner(
      {
        "partitioner.class": "io.confluent.connect.storage.partitioner.DailyPartitioner",
        locale: "en",
        timezone: "UTC",
        "timestamp.extractor": "RecordField",
        "timestamp.field": "m.t",
      },
      "/",
    );
    const v = new JavaMap([["m", new JavaMap([["t", "2024-01-05T13:25:17Z"]])]]);
    expect(p.encode(rec(null, v), p.timestamp?.(rec(null, v), 0))).toBe("year=2024/month=01/day=05");
    const n = new JavaMap([["m", new JavaMap([["t", String(ts)]])]]);
    expect(p.timestamp?.(rec(null, n), 0)).toBe(ts);
    expect(() => p.timestamp?.(rec(null, new JavaMap([["x", 1n]])), 0)).toThrow(
      "The field 'm.t' does not exist in {x=1}.",
    );
  });
});

describe("Joda patterns", () => {
  const utc = resolveZone("UTC");
  const f = (pattern: string, t: number, locale = "en") => formatJoda(compileJodaPattern(pattern), t, utc, locale);
  it("formats literals, text and week-years", () => {
    expect(f("'year'=YYYY/'it''s'/MMM/EEE/D", 1704461117000)).toBe("year=2024/it's/Jan/Fri/5");
    expect(f("MMM EEE", 1704461117000, "fr")).toBe("janv. ven.");
    expect(f("YYYY/xxxx/ww", Date.UTC(2024, 11, 31))).toBe("2024/2025/01");
    expect(f("yyyy-MM-dd HH:mm:ss", Date.UTC(2024, 0, 5, 3, 4, 5))).toBe("2024-01-05 03:04:05");
  });
  it("rejects unknown letters", () => {
    expect(() => compileJodaPattern("YYYY/Q")).toThrow("Illegal pattern component: Q");
  });
});

describe("Joda zone names (z, zzzz)", () => {
  const winter = Date.UTC(2024, 0, 15, 12);
  const summer = Date.UTC(2024, 6, 15, 12);
  const names = (zone: string, t: number, locale = "en") =>
    formatJoda(compileJodaPattern("z/zzzz"), t, resolveZone(zone), locale);
  it("prints the JDK's standard or daylight names for the zone's id", () => {
    expect(names("Europe/London", winter)).toBe("GMT/Greenwich Mean Time");
    expect(names("Europe/London", summer)).toBe("BST/British Summer Time");
    expect(names("Europe/London", summer, "de")).toBe("BST/Britische Sommerzeit");
    expect(names("Asia/Tokyo", summer, "ja")).toBe("JST/日本標準時");
    // Dublin's negative daylight saving: winter is standard time for Joda, as for the JDK.
    expect(names("Europe/Dublin", winter)).toBe("GMT/Greenwich Mean Time");
    expect(names("Europe/Dublin", summer)).toBe("IST/Irish Standard Time");
    // Joda's tz compiler lowered Namibia's standard offset to +01:00: today's +02:00 is daylight time to it.
    expect(names("Africa/Windhoek", summer)).toBe("WAT/Western African Time");
  });
  it("prints the offset where the JDK has no name, and an offset zone's id", () => {
    expect(names("Etc/GMT+5", summer)).toBe("-05:00/-05:00");
    expect(names("+0530", summer)).toBe("+05:30/+05:30");
    expect(names("+00:00", summer, "fr")).toBe("UTC/Temps universel coordonné");
    expect(formatJoda(compileJodaPattern("ZZZ"), summer, resolveZone("-08"), "en")).toBe("-08:00");
  });
  it("reads the locale setting as new Locale(setting) does", () => {
    expect(names("Asia/Riyadh", summer, "EN")).toBe("AST/Arabian Standard Time");
    // "en-US" is a language code of its own to new Locale, with no data: the root locale's names.
    expect(names("Asia/Riyadh", summer, "en-US")).toBe("AST/Arabia Standard Time");
    expect(names("Etc/GMT", summer, "en_US")).toBe("+00:00/+00:00");
  });
  it("refuses a language the JDK has names for that pinpipe does not bundle", () => {
    let refused: unknown;
    try {
      names("Europe/Paris", summer, "af");
    } catch (error) {
      refused = error;
    }
    expect(isPinpipeError(refused, ErrorCode.InvalidOption)).toBe(true);
    expect(String(refused)).toContain('add "af" to BUNDLED in scripts/JdkZoneNames.java');
    // No name is looked up for an offset zone, so any locale does.
    expect(names("+05:30", summer, "af")).toBe("+05:30/+05:30");
  });
  it("names the zone in a TimeBasedPartitioner's path", () => {
    const p = buildPartitioner(
      {
        "partitioner.class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
        "partition.duration.ms": "3600000",
        "path.format": "'tz'=z/HH",
        locale: "en",
        timezone: "America/New_York",
        "timestamp.extractor": "Record",
      },
      "/",
    );
    expect(p.encode(rec(summer), summer)).toBe("tz=EDT/08");
  });
});

describe("rotate.schedule.interval.ms deadlines", () => {
  it("counts periods from the local day start and cuts at midnight", () => {
    const utc = resolveZone("UTC");
    const now = Date.UTC(2024, 0, 5, 13, 25, 17);
    expect(nextScheduledRotation(now, 3_600_000, utc)).toBe(Date.UTC(2024, 0, 5, 14));
    expect(nextScheduledRotation(now, 7 * 3_600_000, utc)).toBe(Date.UTC(2024, 0, 5, 14));
    expect(nextScheduledRotation(Date.UTC(2024, 0, 5, 22), 7 * 3_600_000, utc)).toBe(Date.UTC(2024, 0, 6));
  });
});
