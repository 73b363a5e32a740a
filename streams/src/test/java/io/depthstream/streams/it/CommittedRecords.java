package io.depthstream.streams.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every committed record of some topics, as a downstream reader with {@code
 * isolation.level=read_committed} sees them, read from the start in the background and kept with
 * their raw key, value and headers; so that many checks over a long test share one consumer.
 */
final class CommittedRecords implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RECHECK = Duration.ofMillis(100);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, List<ConsumerRecord<byte[], byte[]>>> byTopic =
      new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile RuntimeException failure;

  private CommittedRecords(KafkaConsumer<byte[], byte[]> consumer, Collection<String> topics) {
    this.consumer = consumer;
    topics.forEach(topic -> byTopic.put(topic, new ArrayList<>()));
    this.reader = new Thread(this::readUntilClosed, "committed-records");
    this.reader.setDaemon(true);
  }

  /** Starts reading every partition of {@code topics} (which must exist) from the beginning. */
  static CommittedRecords start(String bootstrapServers, Collection<String> topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaClients.MAX_REQUEST_BYTES);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, KafkaClients.MAX_REQUEST_BYTES);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic)
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    CommittedRecords records = new CommittedRecords(consumer, topics);
    records.reader.start();
    return records;
  }

  /** The records of {@code topic} read so far that match {@code wanted}, in the order read. */
  List<ConsumerRecord<byte[], byte[]>> matching(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
    if (failure != null) {
      throw new IllegalStateException("reading the committed records failed", failure);
    }
    List<ConsumerRecord<byte[], byte[]>> read = byTopic.get(topic);
    if (read == null) {
      throw new IllegalArgumentException(topic + " is not one of the topics read");
    }
    synchronized (read) {
      return read.stream().filter(wanted).toList();
    }
  }

  /**
   * The records of {@code topic} that match {@code wanted}, once at least {@code count} of them
   * were read or {@code deadline} passed (then fewer: the caller's assertion says what is missing).
   */
  List<ConsumerRecord<byte[], byte[]>> await(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> wanted, int count, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    List<ConsumerRecord<byte[], byte[]>> found = matching(topic, wanted);
    while (found.size() < count && System.nanoTime() < end) {
      Thread.sleep(RECHECK.toMillis());
      found = matching(topic, wanted);
    }
    return found;
  }

  private void readUntilClosed() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          List<ConsumerRecord<byte[], byte[]>> read = byTopic.get(record.topic());
          synchronized (read) {
            read.add(record);
          }
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer: done.
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    reader.join(Duration.ofSeconds(10).toMillis());
  }
}
