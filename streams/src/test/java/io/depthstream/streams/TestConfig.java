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

/**
 * The service's real {@code application.properties} ({@code %test} profile) read into {@link
 * DepthstreamConfig} without booting Quarkus, with per-test overrides on top; so tests run against
 * the shipped defaults and topic names.
 */
public final class TestConfig {

  private TestConfig() {}

  public static DepthstreamConfig load(Map<String, String> overrides) {
    URL properties = TestConfig.class.getClassLoader().getResource("application.properties");
    if (properties == null) {
      throw new IllegalStateException("application.properties is not on the test classpath");
    }
    try {
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .withProfile("test")
              .withSources(new PropertiesConfigSource(properties, 250))
              .withSources(new PropertiesConfigSource(overrides, "test overrides", 400))
              .withConverter(Duration.class, 200, new DurationConverter())
              .withConverter(Path.class, 200, new PathConverter())
              .withMapping(DepthstreamConfig.class)
              .build();
      return config.getConfigMapping(DepthstreamConfig.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
