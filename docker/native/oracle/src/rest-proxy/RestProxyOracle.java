import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.kafka.common.utils.Utils;

/** What Confluent REST Proxy 7.2 does to a produced value and key, with the libraries it runs on. */
public final class RestProxyOracle implements BiFunction<String, byte[], byte[]> {
  private final ObjectMapper mapper = new ObjectMapper();

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
        default:
          throw new IllegalArgumentException("unknown op " + op);
      }
    } catch (java.io.IOException error) {
      throw new java.io.UncheckedIOException(error);
    }
  }
}
