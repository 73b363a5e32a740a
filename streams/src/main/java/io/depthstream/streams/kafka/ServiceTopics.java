package io.depthstream.streams.kafka;

import io.depthstream.broker.TopicSpec;
import io.depthstream.streams.topics.Topics;
import java.util.List;

/**
 * The depth service's topics (docs/DESIGN.md "Topics") as they are created: co-partitioned by
 * vehicle/camera key, calibration compacted, and a raised record limit wherever an image, a point
 * cloud or a dead letter of either travels.
 */
public final class ServiceTopics {

  private ServiceTopics() {}

  /** One spec per topic in the registry, each with {@code partitions} partitions. */
  public static List<TopicSpec> specs(Topics topics, int partitions, int maxMessageBytes) {
    return List.of(
        TopicSpec.of(topics.frames().name(), partitions).maxMessageBytes(maxMessageBytes),
        // A 64-beam LiDAR sweep of ~120k points at 16 bytes each is about 2 MB.
        TopicSpec.of(topics.scans().name(), partitions).maxMessageBytes(maxMessageBytes),
        TopicSpec.of(topics.calibration().name(), partitions).compacted(),
        TopicSpec.of(topics.depthMaps().name(), partitions).maxMessageBytes(maxMessageBytes),
        TopicSpec.of(topics.metricsFrames().name(), partitions),
        TopicSpec.of(topics.metricsWindows().name(), partitions),
        TopicSpec.of(topics.dlq().name(), partitions).maxMessageBytes(maxMessageBytes),
        // Champion and challengers: challengers' maps are depth maps; the newest champion change
        // is what compaction keeps (one key).
        TopicSpec.of(topics.depthMapsShadow().name(), partitions).maxMessageBytes(maxMessageBytes),
        TopicSpec.of(topics.modelEvents().name(), partitions).compacted(),
        TopicSpec.of(topics.modelComparison().name(), partitions));
  }
}
