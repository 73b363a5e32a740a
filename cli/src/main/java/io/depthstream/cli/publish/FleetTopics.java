package io.depthstream.cli.publish;

import io.depthstream.fleet.FleetTopic;
import io.depthstream.fleet.PartitionReadiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the input topics a publish run writes to when they are missing, the way the service's
 * topic provisioning would: {@code partitions} partitions, calibration compacted, frames and scans
 * accepting records up to the producer's limit. Existing topics are left as they are. Created ones
 * are handed over once they take writes ({@link PartitionReadiness}).
 */
public final class FleetTopics {

  private FleetTopics() {}

  /** Creates those of {@code names} that do not exist; returns the ones it created. */
  public static List<String> createMissing(
      Admin admin,
      Map<FleetTopic, String> names,
      int partitions,
      int maxMessageBytes,
      Duration timeout) {
    try {
      Set<String> present =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      names.forEach(
          (topic, name) -> {
            if (!present.contains(name)) {
              missing.add(newTopic(topic, name, partitions, maxMessageBytes));
            }
          });
      List<String> created = new ArrayList<>();
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> creation :
          admin.createTopics(missing).values().entrySet()) {
        try {
          creation.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(creation.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic "
                    + creation.getKey()
                    + ": "
                    + e.getCause().getMessage()
                    + "; create it yourself or start ./depthstream serve, which creates it",
                e.getCause());
          }
        }
      }
      // The first records follow at once; a partition not yet serving would lose them.
      PartitionReadiness.awaitWritable(admin, created, timeout);
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list topics: " + e, e);
    }
  }

  static NewTopic newTopic(FleetTopic topic, String name, int partitions, int maxMessageBytes) {
    NewTopic created = new NewTopic(name, Optional.of(partitions), Optional.empty());
    return topic == FleetTopic.CALIBRATION
        ? created.configs(Map.of("cleanup.policy", "compact"))
        : created.configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes)));
  }
}
