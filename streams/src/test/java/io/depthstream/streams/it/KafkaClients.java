package io.depthstream.streams.it;

import io.depthstream.broker.TestClients;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Plain Kafka clients set up the way the integration tests need them: the broker module's {@link
 * TestClients} (big records, no waiting), under the names these tests call them by, and the checks
 * only the service's tests need.
 */
final class KafkaClients {

  /** Matches the broker's message.max.bytes so a 2 MB frame is one request. */
  static final int MAX_REQUEST_BYTES = TestClients.MAX_REQUEST_BYTES;

  private KafkaClients() {}

  static Admin admin(String bootstrapServers) {
    return TestClients.admin(bootstrapServers);
  }

  /**
   * Waits until every partition of {@code topics} has a leader in the broker's metadata. A topic
   * the controller has created may still be unknown to a consumer for a moment; Kafka Streams
   * started in that moment fails its first rebalance with MissingSourceTopicException (the service
   * itself waits for its input topics first: quarkus.kafka-streams.topics).
   */
  static void awaitTopics(Admin admin, Collection<String> topics) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        boolean led =
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                .flatMap(t -> t.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (led) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // unknown yet: try again
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException("topics " + topics + " never got leaders");
      }
      Thread.sleep(100);
    }
  }

  static void createTopic(String bootstrapServers, String topic) throws Exception {
    TestClients.createTopic(bootstrapServers, topic);
  }

  /**
   * Records on {@code partitions} of {@code topic} that belong to transactions neither committed
   * nor aborted yet: the high watermark minus the last stable offset, summed.
   */
  static long recordsInOpenTransactions(Admin admin, String topic, Collection<Integer> partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p : partitions) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return endOffsets(admin, latest, IsolationLevel.READ_UNCOMMITTED)
        - endOffsets(admin, latest, IsolationLevel.READ_COMMITTED);
  }

  private static long endOffsets(
      Admin admin, Map<TopicPartition, OffsetSpec> latest, IsolationLevel isolation)
      throws Exception {
    return admin
        .listOffsets(latest, new ListOffsetsOptions(isolation))
        .all()
        .get()
        .values()
        .stream()
        .mapToLong(ListOffsetsResultInfo::offset)
        .sum();
  }

  /** A producer of byte values; transactional when {@code transactionalId} is not null. */
  static KafkaProducer<String, byte[]> producer(String bootstrapServers, String transactionalId) {
    return TestClients.producer(bootstrapServers, transactionalId);
  }

  /** A consumer in a fresh group that starts at the beginning of every partition. */
  static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String isolationLevel) {
    return TestClients.consumer(bootstrapServers, isolationLevel);
  }

  /** {@link TestClients#readAll(String, String, String, int)}. */
  static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String topic, String isolationLevel, int expected) {
    return TestClients.readAll(bootstrapServers, topic, isolationLevel, expected);
  }

  /** {@link TestClients#readAll(String, String, String, int, Duration)}. */
  static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers,
      String topic,
      String isolationLevel,
      int expected,
      Duration deadline) {
    return TestClients.readAll(bootstrapServers, topic, isolationLevel, expected, deadline);
  }
}
