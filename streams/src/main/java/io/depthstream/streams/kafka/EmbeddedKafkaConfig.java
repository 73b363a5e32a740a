package io.depthstream.streams.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.nio.file.Path;

/**
 * Settings of the single-node broker `serve` starts inside the service when KAFKA_BOOTSTRAP_SERVERS
 * is not set ({@code depthstream.embedded-kafka.*} in application.properties, where each is
 * documented).
 */
@ConfigMapping(prefix = "depthstream.embedded-kafka")
public interface EmbeddedKafkaConfig {

  /** Whether the broker may start at all; tests turn it off and bring their own. */
  boolean enabled();

  /** Client port on localhost; the service's bootstrap servers must name it. */
  int port();

  /** Metadata and topic logs, kept across runs; a relative path is from the working directory. */
  @WithName("data-dir")
  Path dataDir();

  /** The largest record batch the broker accepts (message.max.bytes). */
  @WithName("max-message-bytes")
  int maxMessageBytes();
}
