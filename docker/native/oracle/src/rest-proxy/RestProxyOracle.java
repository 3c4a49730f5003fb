import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.common.utils.Utils;

/**
 * What Confluent REST Proxy 7.2 does to a produced value and key, and how it answers a request body, with the
 * libraries it runs on. The request ops read the body as the proxy's Jersey provider does (a parser over the
 * entity stream, whose first token is read before any binding) and answer as the proxy's mappers do; the
 * stream is an {@link EntityStream}, which stands for Jersey's and which Jackson's locations name.
 */
public final class RestProxyOracle implements BiFunction<String, byte[], byte[]> {
  private final ObjectMapper mapper = new ObjectMapper();

  /** Stands for the stream Jersey hands a message body reader: a plain wrapper around the request's bytes. */
  static final class EntityStream extends FilterInputStream {
    EntityStream(byte[] body) {
      super(new ByteArrayInputStream(body));
    }
  }

  /** The v2 produce entity, with the creators and member types of {@code entities.v2.ProduceRequest}. */
  static final class ProduceRequest {
    @JsonCreator
    static ProduceRequest fromJson(
        @JsonProperty("records") List<ProduceRecord> records,
        @JsonProperty("key_schema_id") Integer keySchemaId,
        @JsonProperty("key_schema") String keySchema,
        @JsonProperty("value_schema_id") Integer valueSchemaId,
        @JsonProperty("value_schema") String valueSchema) {
      // The real creator copies the records into a Guava ImmutableList, which refuses a null entry in these words.
      for (int i = 0; records != null && i < records.size(); i++) {
        if (records.get(i) == null) throw new NullPointerException("at index " + i);
      }
      return new ProduceRequest();
    }

    static final class ProduceRecord {
      @JsonCreator
      static ProduceRecord fromJson(
          @JsonProperty("partition") Integer partition,
          @JsonProperty("key") JsonNode key,
          @JsonProperty("value") JsonNode value) {
        return new ProduceRecord();
      }
    }
  }

  @Override
  public byte[] apply(String op, byte[] input) {
    try {
      switch (op) {
        case "json-value":
          // A JSON-embedded value is bound as a JsonNode and written to Kafka by the default mapper.
          return mapper.writeValueAsBytes(mapper.readTree(input));
        case "murmur2":
          // The producer's partition for a key is toPositive(murmur2(key)) % partitions.
          return Integer.toString(Utils.murmur2(input)).getBytes(StandardCharsets.US_ASCII);
        case "v2-produce-entity":
          return utf8(v2ProduceEntity(input));
        case "v3-produce-stream":
          return utf8(v3ProduceStream(input));
        default:
          throw new IllegalArgumentException("unknown op " + op);
      }
    } catch (IOException error) {
      throw new java.io.UncheckedIOException(error);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The provider's parser over the entity stream, on the body's first token; null for an empty body. */
  private JsonParser entityParser(byte[] body) throws IOException {
    JsonParser parser = mapper.getFactory().createParser((InputStream) new EntityStream(body));
    return parser.nextToken() == null ? null : parser;
  }

  /**
   * {@code status kind message} for a v2 produce body, as the entity reader and rest-utils' mappers answer it
   * (kind {@code parse} when the JSON is malformed, wrapped by a deserializer or not, else {@code binding});
   * {@code 200} when it binds and {@code null} for a null entity (bean validation's business).
   */
  private String v2ProduceEntity(byte[] body) {
    try {
      JsonParser parser = entityParser(body);
      if (parser == null) return "null";
      mapper.readerFor(ProduceRequest.class).readValue(parser);
      return "200";
    } catch (UnrecognizedPropertyException error) {
      // The provider turns an unknown member into a constraint violation.
      return "422 binding Unrecognized field: " + error.getPropertyName();
    } catch (JsonMappingException error) {
      String kind = error.getCause() instanceof JsonParseException ? "parse" : "binding";
      String message = error.getOriginalMessage();
      return "400 " + kind + " " + (message == null ? null : message.split("\\(for Object starting at")[0].trim());
    } catch (JsonParseException error) {
      return "400 parse " + error.getOriginalMessage();
    } catch (IOException error) {
      throw new java.io.UncheckedIOException(error);
    }
  }

  /**
   * The lines of a v3 produce stream, each record read as a tree: {@code = json} for a record read,
   * {@code ! message} for an error line; or {@code 400 message} when the body's first token fails (Jersey's
   * answer) and {@code null} for a null entity. The loop is StreamingResponse's: a failing {@code hasNext()} is
   * reworded and ends the stream, a failing record is its mapper's text up to the first line break.
   */
  private String v3ProduceStream(byte[] body) {
    MappingIterator<JsonNode> records;
    try {
      JsonParser parser = entityParser(body);
      if (parser == null) return "null";
      records = mapper.readerFor(JsonNode.class).readValues(parser);
    } catch (JsonParseException error) {
      return "400 " + error.getOriginalMessage();
    } catch (IOException error) {
      throw new java.io.UncheckedIOException(error);
    }
    StringBuilder lines = new StringBuilder();
    try {
      while (records.hasNext()) {
        try {
          // Written as the proxy writes trees to Kafka, so the comparison holds pinpipe's bytes too.
          String record = new String(mapper.writeValueAsBytes(records.nextValue()), StandardCharsets.UTF_8);
          lines.append("= ").append(record).append('\n');
        } catch (IOException error) {
          lines.append("! ").append(firstLine(error.getMessage())).append('\n');
        }
      }
    } catch (RuntimeJsonMappingException error) {
      lines.append("! ").append(firstLine("Bad Request: Error processing JSON: " + error.getMessage())).append('\n');
    } catch (RuntimeException error) {
      lines.append("! ").append(firstLine("Bad Request: Error processing message: " + error.getMessage()));
      lines.append('\n');
    }
    return lines.toString();
  }

  private static String firstLine(String message) {
    return message.split("\\n")[0].trim();
  }
}
