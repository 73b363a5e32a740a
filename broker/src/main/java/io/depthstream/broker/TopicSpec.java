package io.depthstream.broker;

import java.util.Map;
import java.util.TreeMap;

/**
 * A topic as it should exist on the broker: its name, partition count and the topic-level
 * configuration it needs (compaction, record size). Replication is left to the broker's default:
 * one on the embedded broker, the cluster's choice elsewhere.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic spec needs a name");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": " + partitions + " partitions; use at least 1");
    }
    configs = Map.copyOf(configs);
  }

  /** A topic with Kafka's default topic configuration. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of());
  }

  /** The same topic, keeping only the latest record per key (calibrations). */
  public TopicSpec compacted() {
    return with("cleanup.policy", "compact");
  }

  /** The same topic, accepting record batches up to {@code bytes} (frames, depth maps). */
  public TopicSpec maxMessageBytes(int bytes) {
    return with("max.message.bytes", Integer.toString(bytes));
  }

  private TopicSpec with(String key, String value) {
    Map<String, String> next = new TreeMap<>(configs);
    next.put(key, value);
    return new TopicSpec(name, partitions, next);
  }
}
