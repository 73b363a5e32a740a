package io.depthstream.streams.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

/**
 * The size of every topic on a cluster's disks ({@code Admin.describeLogDirs}): the bytes of its
 * log segments summed over partitions, replicas and log directories. What a run wrote is the growth
 * between two readings ({@link WrittenBytes}).
 */
final class TopicSizes {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicSizes() {}

  /** Topic → bytes on disk, now. */
  static Map<String, Long> read(Admin admin) {
    try {
      List<Integer> brokers =
          admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
              .map(Node::id)
              .toList();
      Map<Integer, Map<String, LogDirDescription>> dirs =
          admin
              .describeLogDirs(brokers)
              .allDescriptions()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, Long> sizes = new TreeMap<>();
      dirs.values().stream()
          .flatMap(byDir -> byDir.values().stream())
          .flatMap(dir -> dir.replicaInfos().entrySet().stream())
          .forEach(e -> sizes.merge(e.getKey().topic(), e.getValue().size(), Long::sum));
      return sizes;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the topic sizes from the broker: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading topic sizes", e);
    }
  }
}
