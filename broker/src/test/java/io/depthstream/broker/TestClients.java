package io.depthstream.broker;

import io.depthstream.fleet.PartitionReadiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients set up the way tests against an {@link EmbeddedKafkaBroker} need them: big
 * records, no waiting. In the broker's test-jar, so the service's tests use the same ones.
 */
public final class TestClients {

  /** Matches the broker's message.max.bytes so a 2 MB frame is one request. */
  public static final int MAX_REQUEST_BYTES = BrokerSettings.DEFAULT_MAX_MESSAGE_BYTES;

  private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

  private TestClients() {}

  /**
   * Keeps the broker's and clients' INFO chatter (thousands of lines per start) out of test output
   * where slf4j-simple logs; call it before the first logger is made.
   */
  public static void quietLogs() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  public static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** A topic of one partition with the broker's defaults, returned once it takes writes. */
  public static void createTopic(String bootstrapServers, String topic) throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
          .all()
          .get();
      PartitionReadiness.awaitWritable(admin, List.of(topic), READ_DEADLINE);
    }
  }

  /** A producer of byte values; transactional when {@code transactionalId} is not null. */
  public static KafkaProducer<String, byte[]> producer(
      String bootstrapServers, String transactionalId) {
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
  public static KafkaConsumer<String, byte[]> consumer(
      String bootstrapServers, String isolationLevel) {
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
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String topic, String isolationLevel, int expected) {
    return readAll(bootstrapServers, topic, isolationLevel, expected, READ_DEADLINE);
  }

  /** As {@link #readAll(String, String, String, int)}, giving up after {@code deadline}. */
  public static List<ConsumerRecord<String, byte[]>> readAll(
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
