package io.depthstream.streams.bench;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a service run wrote to Kafka, per topic: each topic's size on the broker after the run minus
 * before it (a topic created during the run counts from zero), the topics it reads excluded. Every
 * topic it writes counts: its outputs, the changelogs and repartition topics of Kafka Streams, and
 * the broker's consumer-offset and transaction logs its commits write to.
 *
 * @param byTopic bytes per topic, largest first; topics that did not grow are left out
 */
record WrittenBytes(Map<String, Long> byTopic) {

  /** The KRaft metadata log: the broker's own, written whoever runs. */
  private static final String METADATA_LOG = "__cluster_metadata";

  WrittenBytes {
    byTopic = Collections.unmodifiableMap(new LinkedHashMap<>(byTopic));
  }

  /**
   * The growth of every topic from {@code before} to {@code after} (topic → bytes on the broker),
   * leaving out {@code inputs}. A topic that shrank (retention, compaction) counts as zero.
   */
  static WrittenBytes between(
      Map<String, Long> before, Map<String, Long> after, Collection<String> inputs) {
    Set<String> excluded = Set.copyOf(inputs);
    Map<String, Long> grown = new LinkedHashMap<>();
    after.entrySet().stream()
        .filter(e -> !excluded.contains(e.getKey()) && !e.getKey().equals(METADATA_LOG))
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> grown.put(e.getKey(), e.getValue()));
    return new WrittenBytes(grown);
  }

  long total() {
    return byTopic.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Bytes written to {@code topic}; 0 when it did not grow. */
  long of(String topic) {
    return byTopic.getOrDefault(topic, 0L);
  }

  /** All bytes written, per frame of the run. */
  double perFrame(int frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("bytes per frame needs at least one frame, got " + frames);
    }
    return (double) total() / frames;
  }

  /** Bytes written to {@code topic}, per frame of the run. */
  double perFrame(String topic, int frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("bytes per frame needs at least one frame, got " + frames);
    }
    return (double) of(topic) / frames;
  }
}
