/**
 * The names JDK 17's `DateFormatSymbols.getZoneStrings()` gives zone ids, which Joda-Time's `DefaultNameProvider`
 * prints for `z` and `zzzz`, in English, the root locale and the languages `scripts/JdkZoneNames.java` bundles
 * (it generates `jdk-zone-names.json`).
 */
import { readFileSync } from "node:fs";
import { ErrorCode, PinpipeError } from "../../../errors.ts";

/** `z` to `zzz` print the short name ("BST"), `zzzz` and longer the long one ("British Summer Time"). */
export type NameStyle = "short" | "long";

interface Table {
  jdk: string;
  /** The ids of the English rows: Joda finds no name for an id without one, whatever the locale. */
  ids: string[];
  strings: string[];
  /** Per locale key, four indexes into `strings` per id (long and short standard, long and short daylight). */
  locales: Record<string, number[]>;
  /** Language keys the JDK has names of its own for, left out of the table to keep it small. */
  unbundled: string[];
}

const ROOT = "root";

let table: { data: Table; index: Map<string, number>; unbundled: Set<string> } | undefined;

// Read on first use: most connector configs never print a zone name.
function load(): NonNullable<typeof table> {
  if (!table) {
    const data = JSON.parse(readFileSync(new URL("./jdk-zone-names.json", import.meta.url), "utf8")) as Table;
    table = { data, index: new Map(data.ids.map((id, i) => [id, i])), unbundled: new Set(data.unbundled) };
  }
  return table;
}

/**
 * The key the JDK finds locale data under for storage-common's `new Locale(localeSetting)`: the whole string,
 * lower-cased (ASCII only), is the language. A bare language code the JDK has data for is its own key; anything
 * else ("en-US", "en_US", "english", a code without data) falls back to the root locale.
 */
function localeKey(localeSetting: string): string {
  const language = localeSetting.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const { data, unbundled } = load();
  if (Object.hasOwn(data.locales, language)) return language;
  if (unbundled.has(language)) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `The sink's locale "${localeSetting}" has time-zone names of its own in JDK 17, which pinpipe does not bundle, ` +
        `so it cannot print the path format's z or zzzz field as the real sink does: add "${language}" to BUNDLED in ` +
        `scripts/JdkZoneNames.java and run it again, or use a path.format without z.`,
      { context: { component: "sink", setting: "locale", locale: localeSetting } },
    );
  }
  return ROOT;
}

/**
 * The name `DefaultNameProvider` gives `id` in standard or daylight time, or null where Joda finds none: no English
 * row for the id, no row in the locale, or a null in the row. Joda then prints the offset.
 */
export function jdkZoneName(id: string, localeSetting: string, standard: boolean, style: NameStyle): string | null {
  const { data, index } = load();
  const row = index.get(id);
  if (row === undefined) return null;
  const names = data.locales[localeKey(localeSetting)] as number[];
  const i = names[row * 4 + (standard ? 0 : 2) + (style === "long" ? 0 : 1)] as number;
  return i < 0 ? null : (data.strings[i] as string);
}

/** The ids the JDK names (its English rows), in its order. */
export function jdkZoneIds(): readonly string[] {
  return load().data.ids;
}
