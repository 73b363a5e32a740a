package io.depthstream.streams.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * Creating the service topics that are missing when the service starts ({@code
 * depthstream.topic-provisioning.*} in application.properties, where each is documented).
 */
@ConfigMapping(prefix = "depthstream.topic-provisioning")
public interface TopicProvisioningConfig {

  boolean enabled();

  /** Partitions of every service topic; frames and scans must match to co-partition. */
  int partitions();

  /** max.message.bytes of the topics that carry images, point clouds or their dead letters. */
  @WithName("max-message-bytes")
  int maxMessageBytes();

  /** How long each admin call may take. */
  Duration timeout();
}
