package io.depthstream.streams.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The service's own {@code application.properties}, read without booting Quarkus: the typed {@link
 * DepthstreamConfig} and the Kafka Streams settings, in one profile and with overrides on top. For
 * code that runs the topology as plain Kafka Streams (the pipeline benchmark, the tests), so it
 * runs with the settings {@code serve} runs with. Environment variables are not read: an expression
 * such as {@code ${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}} takes its default.
 */
public final class ServiceSettings {

  private static final String FILE = "application.properties";
  private static final String KAFKA_STREAMS_PREFIX = "kafka-streams.";

  /**
   * The {@code depthstream.*} groups of what runs around the pipeline (the in-process broker, topic
   * provisioning, the live view, the demo): each is a {@code @ConfigMapping} of its own package,
   * which the pipeline may not know, so {@link DepthstreamConfig} has no group of these names and
   * the file is read here without them.
   */
  static final List<String> SURROUNDINGS =
      List.of("embedded-kafka", "topic-provisioning", "live-view", "demo");

  private final SmallRyeConfig config;

  private ServiceSettings(SmallRyeConfig config) {
    this.config = config;
  }

  /**
   * The file on the classpath in {@code profile} ("prod" is what {@code serve} runs, "test" what
   * the tests run), with {@code overrides} (any key, e.g. {@code
   * depthstream.freshness.max-frame-age}) above it.
   */
  public static ServiceSettings load(String profile, Map<String, String> overrides) {
    URL file = ServiceSettings.class.getClassLoader().getResource(FILE);
    if (file == null) {
      throw new IllegalStateException(
          FILE + " is not on the classpath: run with the streams module's classes");
    }
    try {
      SmallRyeConfigBuilder builder =
          new SmallRyeConfigBuilder()
              .withProfile(profile)
              .withSources(new PropertiesConfigSource(file, 250))
              .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
              .withConverter(Duration.class, 200, new DurationConverter())
              .withConverter(Path.class, 200, new PathConverter())
              .withMapping(DepthstreamConfig.class);
      // Every other depthstream.* key is still checked against DepthstreamConfig.
      SURROUNDINGS.forEach(group -> builder.withMappingIgnore("depthstream." + group + ".**"));
      return new ServiceSettings(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every {@code depthstream.*} setting. */
  public DepthstreamConfig depthstream() {
    return config.getConfigMapping(DepthstreamConfig.class);
  }

  /**
   * Every {@code kafka-streams.*} key of the file, as Quarkus passes them to Kafka Streams: prefix
   * removed, expressions resolved. The caller adds application id, bootstrap servers and state
   * directory.
   */
  public Properties kafkaStreams() {
    Properties properties = new Properties();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(KAFKA_STREAMS_PREFIX)) {
        config
            .getOptionalValue(name, String.class)
            .ifPresent(v -> properties.put(name.substring(KAFKA_STREAMS_PREFIX.length()), v));
      }
    }
    return properties;
  }

  /**
   * Any other key of the file (e.g. {@code depthstream.topic-provisioning.partitions}), resolved.
   */
  public Optional<String> value(String key) {
    return config.getOptionalValue(key, String.class);
  }
}
