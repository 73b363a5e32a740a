package io.depthstream.streams.config;

import io.depthstream.fleet.KafkaClientConfig;
import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the file of {@code DEPTHSTREAM_KAFKA_CONFIG} ({@code depthstream.kafka.config}) to Kafka
 * Streams: each key {@code k} of the file becomes {@code kafka-streams.k}, which
 * quarkus-kafka-streams passes to Kafka Streams' consumers, producers and admin client, and to the
 * admin client it waits for the input topics with. The service's own clients read the same file
 * through {@link io.depthstream.streams.kafka.KafkaStartup}.
 *
 * <p>Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}. Its ordinal
 * puts the file above application.properties and below environment variables and system properties,
 * so one key can still be overridden by hand.
 */
public class KafkaClientConfigSource implements ConfigSourceFactory {

  /** Between application.properties (250, 260 from config/) and .env (295). */
  static final int ORDINAL = 270;

  static final String FILE_KEY = "depthstream.kafka.config";

  /**
   * Quarkus sets Kafka Streams' {@code ssl.endpoint.identification.algorithm} from this key, to an
   * empty value (no host name check) when it is unset; application.properties sets it to https and
   * the file's own choice wins here.
   */
  static final String QUARKUS_HOSTNAME_CHECK =
      "quarkus.kafka-streams.ssl.endpoint-identification-algorithm";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    // The Quarkus build records every kafka-streams.* key into the packaged application; a file
    // read then would put its passwords into the jar. Only a running application reads it.
    ExecutionMode mode = ExecutionMode.current();
    if (mode != ExecutionMode.RUNTIME_INIT && mode != ExecutionMode.RUNNING) {
      return List.of();
    }
    ConfigValue file = context.getValue(FILE_KEY);
    if (file == null || file.getValue() == null || file.getValue().isBlank()) {
      return List.of();
    }
    return List.of(
        of(KafkaClientConfig.load(Path.of(file.getValue().trim()), KafkaClientConfig.VARIABLE)));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }

  /** The configuration keys {@code config} stands for, as one source. */
  static ConfigSource of(KafkaClientConfig config) {
    Map<String, String> keys = new HashMap<>();
    withProvidersResolved(config.settings())
        .forEach((key, value) -> keys.put("kafka-streams." + key, literal(value)));
    String hostnameCheck = config.settings().get("ssl.endpoint.identification.algorithm");
    if (hostnameCheck != null) {
      keys.put(QUARKUS_HOSTNAME_CHECK, hostnameCheck.trim());
    }
    return new PropertiesConfigSource(keys, config.origin(), ORDINAL);
  }

  /**
   * {@code settings} with Kafka's config-provider references ({@code ${dir:/path:key}}, {@code
   * ${env::VAR}}) replaced by what they name, when the file declares {@code config.providers}.
   *
   * <p>Why here: quarkus-kafka-streams builds the admin client it waits for the input topics with
   * from the admin settings alone, dropping {@code config.providers.*}; that client then read
   * {@code ${dir:...}} as its JAAS line and the service could not start with secrets mounted from
   * Kubernetes Secrets. Kafka resolves the references itself (no value is logged: the config is
   * built with logging off); the resolved values live only in this running process's configuration,
   * as they would inside each Kafka client.
   */
  static Map<String, String> withProvidersResolved(Map<String, String> settings) {
    if (settings.keySet().stream().noneMatch(k -> k.startsWith("config.providers"))) {
      return settings;
    }
    Map<String, Object> props = new HashMap<>(settings);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "resolving.invalid:9092");
    Map<String, String> resolved = new HashMap<>();
    new AdminClientConfig(props)
        .originals()
        .forEach(
            (key, value) -> {
              if (settings.containsKey(key) && !key.startsWith("config.providers")) {
                resolved.put(key, String.valueOf(value));
              }
            });
    return resolved;
  }

  /**
   * The value as SmallRye Config will hand it back: Kafka's own {@code ${file:path:key}} config
   * provider references must reach Kafka unexpanded, so every {@code $} is escaped.
   */
  static String literal(String value) {
    return value.replace("$", "\\$");
  }
}
