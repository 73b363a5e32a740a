package io.depthstream.streams;

import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.config.ServiceSettings;
import java.util.Map;
import java.util.Properties;

/**
 * The service's real {@code application.properties} ({@code %test} profile) read into {@link
 * DepthstreamConfig} without booting Quarkus, with per-test overrides on top; so tests run against
 * the shipped defaults and topic names. {@link ServiceSettings} reads the file.
 */
public final class TestConfig {

  private static final String PROFILE = "test";

  private TestConfig() {}

  public static DepthstreamConfig load(Map<String, String> overrides) {
    return ServiceSettings.load(PROFILE, overrides).depthstream();
  }

  /**
   * The service's Kafka Streams settings: every {@code kafka-streams.*} key of the file (as Quarkus
   * passes them to Kafka Streams, prefix removed, expressions resolved), with {@code overrides} of
   * {@code depthstream.*} keys applied first.
   */
  public static Properties kafkaStreams(Map<String, String> overrides) {
    return ServiceSettings.load(PROFILE, overrides).kafkaStreams();
  }
}
