/**
 * The locale Java makes of the sink's `locale` setting, for month, weekday and era names. storage-common's
 * TimeBasedPartitioner calls `new Locale(setting)`: the whole string, lower-cased, is the language, so "en-US" or
 * "en_US" is a language of its own. The JDK has no data for such a language and gives the root locale's names
 * ("Nov" for both MMM and MMMM, "Tue", "CE"), whatever the tag says.
 */

/**
 * The languages JDK 17 (17.0.15, CLDR locale data, the default) has date-format names for: the languages of
 * `DateFormatSymbols.getAvailableLocales()`.
 */
const JDK_DATE_LANGUAGES = new Set(
  (
    "af agq ak am ar as asa ast az bas be bem bez bg bm bn bo br brx bs ca ccp ce ceb cgg chr ckb cs cy " +
    "da dav de dje doi dsb dua dyo dz ebu ee el en eo es et eu ewo fa ff fi fil fo fr fur fy ga gd gl " +
    "gsw gu guz gv ha haw he hi hr hsb hu hy ia id ig ii is it ja jgo jmc jv ka kab kam kde kea khq ki " +
    "kk kkj kl kln km kn ko kok ks ksb ksf ksh ku kw ky lag lb lg lkt ln lo lrc lt lu luo luy lv mai mas " +
    "mer mfe mg mgh mgo mi mk ml mn mni mr ms mt mua my mzn naq nb nd nds ne nl nmg nn nnh no nus nyn om " +
    "or os pa pcm pl ps pt qu rm rn ro rof ru rw rwk sa sah saq sat sbp sd se seh ses sg shi si sk sl " +
    "smn sn so sq sr su sv sw ta te teo tg th ti tk to tr tt twq tzm ug uk ur uz vai vi vun wae wo xh " +
    "xog yav yi yo yue zgh zh zu"
  ).split(" "),
);

/** Java's old codes for three languages, which `new Locale` takes and JDK 17 reads as the new ones. */
const LEGACY: Record<string, string> = { iw: "he", in: "id", ji: "yi" };

/** The language whose names Java prints for a locale setting, or undefined for the root locale's. */
export function javaDateLanguage(setting: string): string | undefined {
  const lower = setting.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const language = LEGACY[lower] ?? lower;
  return JDK_DATE_LANGUAGES.has(language) ? language : undefined;
}

/** The root locale's names, as JDK 17 gives them: months and weekdays have one width, weekdays from Monday. */
export const ROOT_NAMES = {
  month: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  weekday: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  era: ["BCE", "CE"],
} as const;
