package io.depthstream.broker;

import io.depthstream.fleet.PartitionReadiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a service needs where they are missing, with their partitions and topic
 * configuration, and leaves existing ones alone: running it twice is the same as running it once.
 * It returns once the topics it created take writes at their leaders ({@link PartitionReadiness}).
 * An existing topic that differs from its spec (fewer partitions, a smaller record limit, no
 * compaction) is reported with the command that fixes it; it is never altered behind the operator's
 * back.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final Duration timeout;

  /**
   * @param admin a client of the cluster to provision; the caller owns and closes it
   * @param timeout how long each admin call may take before provisioning gives up
   */
  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** What one {@link #ensure} call found and did. */
  public record Result(List<String> created, List<String> existing, List<String> mismatches) {}

  /** Creates each missing topic in {@code specs} and checks the existing ones against theirs. */
  public Result ensure(Collection<TopicSpec> specs) {
    Set<String> present = await(admin.listTopics().names(), "list topics");
    List<TopicSpec> missing = specs.stream().filter(s -> !present.contains(s.name())).toList();
    List<String> created = new ArrayList<>();
    List<String> existing =
        specs.stream()
            .map(TopicSpec::name)
            .filter(present::contains)
            .collect(Collectors.toCollection(ArrayList::new));
    Map<String, KafkaFuture<Void>> creations =
        missing.isEmpty()
            ? Map.of()
            : admin
                .createTopics(missing.stream().map(TopicProvisioner::newTopic).toList())
                .values();
    creations.forEach(
        (name, future) -> {
          if (createdNow(name, future)) {
            created.add(name);
          } else {
            existing.add(name);
          }
        });
    // A producer that writes the moment a topic exists can lose its first batch (see
    // PartitionReadiness), so a created topic is handed over only once it takes writes.
    PartitionReadiness.awaitWritable(admin, created, timeout);
    List<String> mismatches = checkExisting(specs, existing);
    mismatches.forEach(LOG::warn);
    LOG.info("Topics created: {}; already there: {}", created, existing);
    return new Result(List.copyOf(created), List.copyOf(existing), List.copyOf(mismatches));
  }

  private static NewTopic newTopic(TopicSpec spec) {
    return new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
        .configs(spec.configs());
  }

  /** True when this call made the topic, false when someone else made it first. */
  private boolean createdNow(String name, KafkaFuture<Void> future) {
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new IllegalStateException(
          "cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "creating topic " + name + " took over " + timeout.toSeconds() + " s: is Kafka up?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  private List<String> checkExisting(Collection<TopicSpec> specs, List<String> existing) {
    List<TopicSpec> toCheck = specs.stream().filter(s -> existing.contains(s.name())).toList();
    if (toCheck.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> descriptions =
        await(
            admin.describeTopics(toCheck.stream().map(TopicSpec::name).toList()).allTopicNames(),
            "describe topics");
    Map<ConfigResource, Config> configs =
        await(
            admin
                .describeConfigs(
                    toCheck.stream()
                        .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name()))
                        .toList())
                .all(),
            "describe topic configs");
    List<String> mismatches = new ArrayList<>();
    for (TopicSpec spec : toCheck) {
      int partitions = descriptions.get(spec.name()).partitions().size();
      if (partitions < spec.partitions()) {
        mismatches.add(
            "topic "
                + spec.name()
                + " has "
                + partitions
                + " partition(s), fewer than the "
                + spec.partitions()
                + " wanted; add them with: kafka-topics.sh --alter --topic "
                + spec.name()
                + " --partitions "
                + spec.partitions());
      }
      Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      spec.configs()
          .forEach((key, wanted) -> compare(spec.name(), key, wanted, actual, mismatches));
    }
    return mismatches;
  }

  private static void compare(
      String topic, String key, String wanted, Config actual, List<String> mismatches) {
    ConfigEntry entry = actual.get(key);
    String value = entry == null ? null : entry.value();
    boolean ok =
        key.equals("max.message.bytes") && value != null
            ? Long.parseLong(value) >= Long.parseLong(wanted)
            : wanted.equals(value);
    if (!ok) {
      mismatches.add(
          "topic "
              + topic
              + " has "
              + key
              + "="
              + value
              + ", the service needs "
              + wanted
              + "; set it with: kafka-configs.sh --alter --entity-type topics --entity-name "
              + topic
              + " --add-config "
              + key
              + "="
              + wanted);
    }
  }

  private <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not " + what + " within " + timeout.toSeconds() + " s: is Kafka up?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }
}
