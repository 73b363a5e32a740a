package io.depthstream.streams;

import io.depthstream.streams.config.DepthstreamConfig;
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
import java.util.Map;
import java.util.Properties;

/**
 * The service's real {@code application.properties} ({@code %test} profile) read into {@link
 * DepthstreamConfig} without booting Quarkus, with per-test overrides on top; so tests run against
 * the shipped defaults and topic names.
 */
public final class TestConfig {

  private TestConfig() {}

  public static DepthstreamConfig load(Map<String, String> overrides) {
    return build(overrides).getConfigMapping(DepthstreamConfig.class);
  }

  /**
   * The service's Kafka Streams settings: every {@code kafka-streams.*} key of the file (as Quarkus
   * passes them to Kafka Streams, prefix removed, expressions resolved), with {@code overrides} of
   * {@code depthstream.*} keys applied first.
   */
  public static Properties kafkaStreams(Map<String, String> overrides) {
    SmallRyeConfig config = build(overrides);
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

  private static final String KAFKA_STREAMS_PREFIX = "kafka-streams.";

  private static SmallRyeConfig build(Map<String, String> overrides) {
    URL properties = TestConfig.class.getClassLoader().getResource("application.properties");
    if (properties == null) {
      throw new IllegalStateException("application.properties is not on the test classpath");
    }
    try {
      return new SmallRyeConfigBuilder()
          .withProfile("test")
          .withSources(new PropertiesConfigSource(properties, 250))
          .withSources(new PropertiesConfigSource(overrides, "test overrides", 400))
          .withConverter(Duration.class, 200, new DurationConverter())
          .withConverter(Path.class, 200, new PathConverter())
          .withMapping(DepthstreamConfig.class)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
