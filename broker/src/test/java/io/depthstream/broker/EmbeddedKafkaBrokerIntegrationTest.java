package io.depthstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process KRaft broker, exercised with plain Kafka clients: sizes, transactions, restarts.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerIntegrationTest {

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    TestClients.quietLogs();
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void twoMegabyteRecordRoundTrips() throws Exception {
    String topic = "it.big-record";
    TestClients.createTopic(broker.bootstrapServers(), topic);
    byte[] payload = new byte[2 * 1024 * 1024];
    new Random(42).nextBytes(payload);

    try (KafkaProducer<String, byte[]> producer =
        TestClients.producer(broker.bootstrapServers(), null)) {
      RecordMetadata sent = producer.send(new ProducerRecord<>(topic, "v1/cam0", payload)).get();
      assertThat(sent.serializedValueSize()).isEqualTo(payload.length);
    }

    List<ConsumerRecord<String, byte[]>> read =
        TestClients.readAll(broker.bootstrapServers(), topic, "read_uncommitted", 1);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).key()).isEqualTo("v1/cam0");
    assertThat(read.get(0).value()).isEqualTo(payload);
  }

  @Test
  void readCommittedConsumersSeeCommittedTransactionsOnly() throws Exception {
    String topic = "it.transactions";
    TestClients.createTopic(broker.bootstrapServers(), topic);

    try (KafkaProducer<String, byte[]> producer =
        TestClients.producer(broker.bootstrapServers(), "it-tx-producer")) {
      producer.initTransactions();
      sendInTransaction(producer, topic, "first", true);
      sendInTransaction(producer, topic, "rolled-back", false);
      sendInTransaction(producer, topic, "second", true);
    }

    assertThat(values(TestClients.readAll(broker.bootstrapServers(), topic, "read_committed", 2)))
        .containsExactly("first", "second");
    assertThat(values(TestClients.readAll(broker.bootstrapServers(), topic, "read_uncommitted", 3)))
        .containsExactly("first", "rolled-back", "second");
  }

  @Test
  void restartOnTheSameDataDirectoryKeepsRecords(@TempDir Path dataDir) throws Exception {
    String topic = "it.durable";
    try (EmbeddedKafkaBroker first =
        EmbeddedKafkaBroker.start(BrokerSettings.persistent(0, dataDir))) {
      TestClients.createTopic(first.bootstrapServers(), topic);
      try (KafkaProducer<String, byte[]> producer =
          TestClients.producer(first.bootstrapServers(), null)) {
        producer.send(new ProducerRecord<>(topic, "k", bytes("kept"))).get();
      }
    }
    try (EmbeddedKafkaBroker second =
        EmbeddedKafkaBroker.start(BrokerSettings.persistent(0, dataDir))) {
      assertThat(values(TestClients.readAll(second.bootstrapServers(), topic, "read_committed", 1)))
          .containsExactly("kept");
    }
  }

  @Test
  void aTakenFixedPortIsReportedByNumber() throws Exception {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
      int taken = squatter.getLocalPort();
      assertThatThrownBy(
              () -> EmbeddedKafkaBroker.start(BrokerSettings.persistent(taken, Path.of("unused"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("localhost:" + taken + " is already in use");
    }
  }

  private static void sendInTransaction(
      KafkaProducer<String, byte[]> producer, String topic, String value, boolean commit)
      throws Exception {
    producer.beginTransaction();
    producer.send(new ProducerRecord<>(topic, "k", bytes(value))).get();
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> values(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }
}
