// Writes the time-zone names Joda-Time's DefaultNameProvider reads from the JDK, for the sink's `z`/`zzzz` path fields.
//
//   java scripts/JdkZoneNames.java harness/components/sink/partitioners/jdk-zone-names.json
//   npx prettier --write harness/components/sink/partitioners/jdk-zone-names.json
//
// Run it with JDK 17 (the JDK the oracle reproduces the sink's worker with) and no java.locale.providers setting (the
// default CLDR provider): the names are that JDK's locale data, and another JDK's differ. It takes a minute or two: it
// asks the JDK for the names of every two- and three-letter language code to learn which ones have names of their own.

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DateFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

public class JdkZoneNames {
  /**
   * The languages whose names are bundled, besides "root" (what any other string resolves to). English is what
   * connector configs and Confluent's examples use; the others are the most used languages with names of their own.
   * A language added here costs about 15 kB of JSON.
   */
  private static final List<String> BUNDLED =
      List.of("en", "de", "fr", "es", "it", "pt", "nl", "ja", "zh", "ko");

  private static final String ROOT = "root";

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java scripts/JdkZoneNames.java <output.json>");
      System.exit(2);
    }
    String version = System.getProperty("java.specification.version");
    if (!version.equals("17")) fail("run it with JDK 17, not " + version);
    if (System.getProperty("java.locale.providers") != null) {
      fail("run it without -Djava.locale.providers: the sink's JVM uses the default (CLDR) provider");
    }

    // The rows Joda matches on are those with at least five columns; where an id repeats, the first one wins.
    Map<String, String[]> english = rows(Locale.ENGLISH);
    List<String> ids = new ArrayList<>(english.keySet());
    Map<String, String[]> root = rows(Locale.ROOT);

    Map<String, Integer> pool = new LinkedHashMap<>();
    Map<String, List<Integer>> locales = new LinkedHashMap<>();
    locales.put(ROOT, indexes(ids, root, pool));
    for (String language : BUNDLED) locales.put(language, indexes(ids, rows(new Locale(language)), pool));

    List<String> unbundled = ownNames(root).stream()
        .filter(language -> !BUNDLED.contains(language))
        .collect(Collectors.toList());

    StringBuilder json = new StringBuilder();
    json.append("{\n");
    json.append("  \"jdk\": ").append(quote(System.getProperty("java.version"))).append(",\n");
    json.append("  \"ids\": ").append(strings(ids)).append(",\n");
    json.append("  \"strings\": ").append(strings(new ArrayList<>(pool.keySet()))).append(",\n");
    json.append("  \"locales\": {\n");
    int n = 0;
    for (Map.Entry<String, List<Integer>> e : locales.entrySet()) {
      json.append("    ").append(quote(e.getKey())).append(": ").append(e.getValue());
      json.append(++n < locales.size() ? ",\n" : "\n");
    }
    json.append("  },\n");
    json.append("  \"unbundled\": ").append(strings(unbundled)).append("\n");
    json.append("}\n");
    Files.write(Path.of(args[0]), json.toString().getBytes(StandardCharsets.UTF_8));
    System.err.printf("%d ids, %d locales, %d names, %d languages with names not bundled%n",
        ids.size(), locales.size(), pool.size(), unbundled.size());
  }

  /** Each id's first row of at least five columns, as Joda's name provider finds it. */
  private static Map<String, String[]> rows(Locale locale) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String[] row : DateFormatSymbols.getInstance(locale).getZoneStrings()) {
      if (row != null && row.length >= 5) rows.putIfAbsent(row[0], row);
    }
    return rows;
  }

  /**
   * Per id in order, four indexes into the string pool: long standard, short standard, long daylight, short
   * daylight (columns 1 to 4); -1 for each when the locale has no row for the id, or for a null name.
   */
  private static List<Integer> indexes(List<String> ids, Map<String, String[]> rows, Map<String, Integer> pool) {
    List<Integer> out = new ArrayList<>();
    for (String id : ids) {
      String[] row = rows.get(id);
      for (int column = 1; column <= 4; column++) {
        String name = row == null ? null : row[column];
        out.add(name == null ? -1 : pool.computeIfAbsent(name, k -> pool.size()));
      }
    }
    return out;
  }

  /**
   * The language codes `new Locale(code)` gives names other than root's: the JDK's own languages and its aliases
   * (iw, tl, sh, scc ...). Strings longer than three letters, or with a region, resolve to root: no language or
   * alias of the JDK's locale data is longer.
   */
  private static List<String> ownNames(Map<String, String[]> root) {
    Map<String, List<String>> rootNames = projection(root);
    return IntStream.range(0, 26 * 26 + 26 * 26 * 26)
        .parallel()
        .mapToObj(JdkZoneNames::code)
        .filter(code -> !projection(rows(new Locale(code))).equals(rootNames))
        .sorted()
        .collect(Collectors.toList());
  }

  private static String code(int n) {
    if (n < 26 * 26) return "" + (char) ('a' + n / 26) + (char) ('a' + n % 26);
    n -= 26 * 26;
    return "" + (char) ('a' + n / 676) + (char) ('a' + n / 26 % 26) + (char) ('a' + n % 26);
  }

  /** Only the columns Joda prints. */
  private static Map<String, List<String>> projection(Map<String, String[]> rows) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    rows.forEach((id, row) -> out.put(id, Arrays.asList(row).subList(1, 5)));
    return out;
  }

  private static String strings(List<String> values) {
    return values.stream().map(JdkZoneNames::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }

  private static void fail(String message) {
    System.err.println("JdkZoneNames: " + message);
    System.exit(1);
  }
}
