package io.depthstream.streams.it;

import io.depthstream.streams.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One topic as a downstream reader with {@code isolation.level=read_committed} sees it: every
 * partition from its start, only records of committed transactions, values kept in the order read
 * (so, within a partition, in offset order). One reader follows a topic through a whole test.
 */
final class CommittedReader<V> implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, V> consumer;
  private final List<TopicPartition> partitions;
  private final List<V> values = new ArrayList<>();

  private CommittedReader(KafkaConsumer<String, V> consumer, List<TopicPartition> partitions) {
    this.consumer = consumer;
    this.partitions = partitions;
  }

  /** A reader of every partition of {@code topic}, without a consumer group. */
  static <V> CommittedReader<V> open(String bootstrapServers, Topic<String, V> topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaClients.MAX_REQUEST_BYTES);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, KafkaClients.MAX_REQUEST_BYTES);
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic.name()).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return new CommittedReader<>(consumer, partitions);
  }

  /**
   * Reads until {@code done} holds for what was read, or {@code deadline} passes; returns all.
   * Between polls it runs {@code stillWorthWaiting}, which throws to stop the wait early (say, when
   * the service that should write the records has died).
   */
  List<V> awaitUntil(Predicate<List<V>> done, Duration deadline, Runnable stillWorthWaiting) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!done.test(values) && System.nanoTime() < end) {
      stillWorthWaiting.run();
      poll();
    }
    return List.copyOf(values);
  }

  /** Reads until at least {@code count} values arrived, or as {@link #awaitUntil} gives up. */
  List<V> awaitAtLeast(int count, Duration deadline, Runnable stillWorthWaiting) {
    return awaitUntil(read -> read.size() >= count, deadline, stillWorthWaiting);
  }

  /**
   * Reads up to each partition's last stable offset as of now: everything committed by this moment,
   * and nothing of a transaction still open.
   */
  List<V> readCommittedSoFar(Duration deadline) {
    Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
    long end = System.nanoTime() + deadline.toNanos();
    while (!reached(stable) && System.nanoTime() < end) {
      poll();
    }
    return List.copyOf(values);
  }

  /** Keeps reading for {@code quiet} longer, so that a duplicate committed late shows too. */
  List<V> settle(Duration quiet) {
    long end = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < end) {
      poll();
    }
    return List.copyOf(values);
  }

  @Override
  public void close() {
    consumer.close();
  }

  private boolean reached(Map<TopicPartition, Long> offsets) {
    return offsets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void poll() {
    consumer.poll(POLL).forEach(record -> values.add(record.value()));
  }
}
