import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
          return gzip(input[0] & 0xff, Arrays.copyOfRange(input, 1, input.length));
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
   * An S3 object as the sink gzips it, written as the sink writes it: JsonRecordWriterProvider puts one generator
   * on the GZIPOutputStream that S3OutputStream.wrapForCompression makes (CompressionType.GZIP: an 8 KiB buffer,
   * then setLevel), writes each record with writeObject and the line separator with writeRaw, and on commit
   * flushes the generator and finishes the stream. The body is the sink's lines; each goes back through the
   * converter to the value the sink held, and the generator must write the body again from those values, or the
   * answer would be for an object the sink never writes.
   *
   * <p>The first input byte is the compression level + 1 (0 for -1, zlib's default). With its high bit set, the
   * answer is instead the length of each write the generator made to the stream, 4 bytes each, big-endian: where
   * those writes fall is what decides the stored blocks of level 0.
   */
  private byte[] gzip(int control, byte[] body) throws IOException {
    int level = (control & 0x7f) - 1;
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    ByteArrayOutputStream lengths = new ByteArrayOutputStream();
    java.io.DataOutputStream lengthsOut = new java.io.DataOutputStream(lengths);
    java.util.zip.GZIPOutputStream out =
        new java.util.zip.GZIPOutputStream(compressed, 8 * 1024) {
          {
            def.setLevel(level);
          }

          @Override
          public synchronized void write(byte[] b, int off, int len) throws IOException {
            written.write(b, off, len);
            lengthsOut.writeInt(len);
            super.write(b, off, len);
          }
        };
    JsonGenerator generator = mapper.getFactory().createGenerator(out).setRootValueSeparator(null);
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == '\n') {
        generator.writeObject(converter.toConnectData("t", Arrays.copyOfRange(body, start, i)).value());
        generator.writeRaw(System.lineSeparator());
        start = i + 1;
      }
    }
    if (start != body.length) throw new IllegalArgumentException("the body's last line has no line separator");
    generator.flush();
    out.finish();
    if (!Arrays.equals(written.toByteArray(), body)) {
      throw new IllegalArgumentException("the sink's generator writes these lines differently");
    }
    return (control & 0x80) != 0 ? lengths.toByteArray() : compressed.toByteArray();
  }

  /**
   * {@code pattern NUL zone NUL locale NUL epochMillis}: the path a time-based partitioner encodes. The locale is made
   * from the setting as storage-common's TimeBasedPartitioner makes it, with {@code new Locale(setting)}: "en-US"
   * becomes a language of its own, which the JDK has no data for.
   */
  private static byte[] jodaPath(String request) {
    String[] parts = request.split("\u0000", -1);
    String path =
        DateTimeFormat.forPattern(parts[0])
            .withZone(DateTimeZone.forID(parts[1]))
            .withLocale(new Locale(parts[2]))
            .print(Long.parseLong(parts[3]));
    return path.getBytes(StandardCharsets.UTF_8);
  }
}
