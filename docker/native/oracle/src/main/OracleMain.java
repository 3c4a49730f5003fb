import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * pinpipe's differential oracle: answers, with the real Java libraries, what bytes the Java servers pinpipe stands
 * in for would produce. Each library set gets a class loader of its own, because the REST proxy's Jackson (2.13)
 * and Kafka Connect's (2.16) must not meet on one class path.
 *
 * <p>Arguments: pairs of {@code <library> <class path>}. Each line on stdin is {@code <library>/<op> <base64 input>};
 * each answer is one line, {@code = <base64 output>} or {@code ! <base64 "ExceptionClass: message">}.
 */
public final class OracleMain {
  public static void main(String[] args) throws Exception {
    Map<String, BiFunction<String, byte[], byte[]>> libraries = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) libraries.put(args[i], load(args[i + 1]));
    Base64.Decoder decoder = Base64.getDecoder();
    Base64.Encoder encoder = Base64.getEncoder();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII), 1 << 16);
    BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), 1 << 16);
    String line;
    while ((line = in.readLine()) != null) {
      int space = line.indexOf(' ');
      int slash = line.indexOf('/');
      String answer;
      try {
        BiFunction<String, byte[], byte[]> library = libraries.get(line.substring(0, slash));
        if (library == null) throw new IllegalArgumentException("no library for " + line.substring(0, space));
        byte[] result = library.apply(line.substring(slash + 1, space), decoder.decode(line.substring(space + 1)));
        answer = "= " + encoder.encodeToString(result);
      } catch (Throwable thrown) {
        // The libraries' own exception, not the wrapper an op needs to throw a checked one.
        Throwable error = thrown instanceof java.io.UncheckedIOException ? thrown.getCause() : thrown;
        String text = error.getClass().getName() + ": " + error.getMessage();
        answer = "! " + encoder.encodeToString(text.getBytes(StandardCharsets.UTF_8));
      }
      out.write(answer);
      out.write('\n');
      // The client waits for each batch's last answer; flush once the batch sent so far is read.
      if (!in.ready()) out.flush();
    }
    out.flush();
  }

  /** The library's entry class, named after its first class-path folder's marker file, in a loader of its own. */
  @SuppressWarnings("unchecked")
  private static BiFunction<String, byte[], byte[]> load(String classPath) throws Exception {
    List<URL> urls = new ArrayList<>();
    String entryClass = null;
    for (String part : classPath.split(File.pathSeparator)) {
      File file = new File(part);
      urls.add(file.toURI().toURL());
      File marker = new File(file, "oracle-entry");
      if (marker.isFile()) entryClass = new String(java.nio.file.Files.readAllBytes(marker.toPath()), StandardCharsets.UTF_8).trim();
    }
    if (entryClass == null) throw new IllegalArgumentException("no oracle-entry file on " + classPath);
    ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    return (BiFunction<String, byte[], byte[]>) loader.loadClass(entryClass).getDeclaredConstructor().newInstance();
  }
}
