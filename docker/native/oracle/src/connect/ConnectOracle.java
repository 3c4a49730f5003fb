import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.function.BiFunction;
import org.apache.kafka.connect.json.JsonConverter;
import org.joda.time.DateTimeZone;
import org.joda.time.format.DateTimeFormat;

/** What the S3 sink on Kafka Connect does to a record value and to a time-based path, with its libraries. */
public final class ConnectOracle implements BiFunction<String, byte[], byte[]> {
  private final JsonConverter converter = new JsonConverter();
  private final ObjectMapper mapper = new ObjectMapper();

  public ConnectOracle() {
    converter.configure(Collections.singletonMap("schemas.enable", "false"), false);
  }

  @Override
  public byte[] apply(String op, byte[] input) {
    try {
      switch (op) {
        case "json-line":
          return line(converter.toConnectData("t", input).value());
        case "string-json-line":
          // StringConverter hands the sink the value as `new String(bytes, UTF_8)`.
          return line(new String(input, StandardCharsets.UTF_8));
        case "rest-body":
          // The Connect REST API reads a request entity from the connection's stream with its default mapper.
          return mapper.writeValueAsBytes(mapper.readTree(new java.io.ByteArrayInputStream(input)));
        case "gzip":
          return gzip(input[0] - 1, java.util.Arrays.copyOfRange(input, 1, input.length));
        case "joda-path":
          return jodaPath(new String(input, StandardCharsets.UTF_8));
        default:
          throw new IllegalArgumentException("unknown op " + op);
      }
    } catch (IOException error) {
      throw new UncheckedIOException(error);
    }
  }

  /**
   * JsonFormat's line for a schemaless value: the converter's Java value written by a generator with no root
   * separator, then the line separator.
   */
  private byte[] line(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonGenerator generator = mapper.getFactory().createGenerator(bytes);
    generator.setRootValueSeparator(null);
    generator.writeObject(value);
    generator.writeRaw(System.lineSeparator());
    generator.flush();
    return bytes.toByteArray();
  }

  /**
   * What the S3 sink's GZIPOutputStream writes for an object at a compression level (-1 for default): the sink
   * writes each record's line on its own, so the lines are written one by one.
   */
  private static byte[] gzip(int level, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out =
        new java.util.zip.GZIPOutputStream(bytes, 8192) {
          {
            def.setLevel(level);
          }
        }) {
      int start = 0;
      for (int i = 0; i < body.length; i++) {
        if (body[i] == '\n') {
          out.write(body, start, i + 1 - start);
          start = i + 1;
        }
      }
      out.write(body, start, body.length - start);
    }
    return bytes.toByteArray();
  }

  /** {@code pattern NUL zone NUL locale NUL epochMillis}: the path a time-based partitioner encodes. */
  private static byte[] jodaPath(String request) {
    String[] parts = request.split("\u0000", -1);
    String path =
        DateTimeFormat.forPattern(parts[0])
            .withZone(DateTimeZone.forID(parts[1]))
            .withLocale(Locale.forLanguageTag(parts[2]))
            .print(Long.parseLong(parts[3]));
    return path.getBytes(StandardCharsets.UTF_8);
  }
}
