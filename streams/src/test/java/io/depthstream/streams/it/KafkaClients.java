package io.depthstream.streams.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients set up the way the integration tests need them: big records, no waiting. */
final class KafkaClients {

  /** Matches the broker's message.max.bytes so a 2 MB frame is one request. */
  static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

  private KafkaClients() {}

  static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
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
    try (Admin admin = admin(bootstrapServers)) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
          .all()
          .get();
    }
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
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if (transactionalId != null) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** A consumer in a fresh group that starts at the beginning of every partition. */
  static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String isolationLevel) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_REQUEST_BYTES);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_REQUEST_BYTES);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Reads {@code topic} from the start until {@code expected} records arrived, then keeps polling
   * briefly so that an extra record (a duplicate) would be seen too.
   */
  static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String topic, String isolationLevel, int expected) {
    return readAll(bootstrapServers, topic, isolationLevel, expected, READ_DEADLINE);
  }

  /** As {@link #readAll(String, String, String, int)}, giving up after {@code deadline}. */
  static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers,
      String topic,
      String isolationLevel,
      int expected,
      Duration deadline) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers, isolationLevel)) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + deadline.toNanos();
      while (records.size() < expected && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
