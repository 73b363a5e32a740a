package io.depthstream.streams.bench;

import io.depthstream.schemas.DepthMap;
import io.depthstream.streams.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When the service's output becomes visible downstream: a {@code read_committed} consumer reads the
 * depth maps and the frame scores from the beginning, in the background, and notes the moment each
 * record arrived. A record of an exactly-once service arrives once its transaction commits. It also
 * counts the challengers' shadow maps, so a challenger drain can show that they ran.
 */
final class CommittedArrivals implements AutoCloseable {

  /** A depth map as it arrived: what it says about its frame, and when it was read. */
  record DepthMapArrival(
      long sequence,
      long captureMillis,
      double inferenceMs,
      double endToEndMs,
      long arrivalMillis,
      long arrivalNanos) {}

  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, DepthMap> depthMaps;
  private final List<DepthMapArrival> maps = new ArrayList<>();
  private final List<Long> scoreNanos = new ArrayList<>();
  private final String shadowMaps;
  private int shadowMapsRead;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Thread reader;

  private CommittedArrivals(
      KafkaConsumer<byte[], byte[]> consumer, Topic<String, DepthMap> maps, String shadowMaps) {
    this.consumer = consumer;
    this.depthMaps = maps;
    this.shadowMaps = shadowMaps;
    this.reader = new Thread(this::readUntilClosed, "committed-arrivals");
    this.reader.setDaemon(true);
  }

  /** Starts reading the output topics of {@code run}'s service. */
  static CommittedArrivals of(ServiceRun run) {
    return start(
        run.bootstrapServers(),
        run.topics().depthMaps(),
        run.topics().metricsFrames().name(),
        run.topics().depthMapsShadow().name(),
        run.config().kafka().maxRecordBytes());
  }

  /** Starts reading every partition of the three topics (which must exist) from the beginning. */
  private static CommittedArrivals start(
      String bootstrap,
      Topic<String, DepthMap> depthMaps,
      String frameScores,
      String shadowMaps,
      int maxRecordBytes) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "depthstream-bench-committed");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxRecordBytes);
    // The broker answers a waiting fetch as soon as a commit makes records readable; the wait only
    // bounds how late an answer can be.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(depthMaps.name(), frameScores, shadowMaps)) {
      consumer
          .partitionsFor(topic)
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    CommittedArrivals arrivals = new CommittedArrivals(consumer, depthMaps, shadowMaps);
    arrivals.reader.start();
    return arrivals;
  }

  /** Depth maps read so far. */
  synchronized int depthMaps() {
    check();
    return maps.size();
  }

  /** Frame scores read so far. */
  synchronized int frameScores() {
    check();
    return scoreNanos.size();
  }

  /** Challengers' shadow maps read so far. */
  synchronized int shadowMaps() {
    check();
    return shadowMapsRead;
  }

  /** The depth maps read so far of frames numbered {@code firstSequence} or later. */
  synchronized List<DepthMapArrival> depthMapsFrom(long firstSequence) {
    check();
    return maps.stream().filter(m -> m.sequence() >= firstSequence).toList();
  }

  /** {@link System#nanoTime()} when the {@code n}-th depth map (1-based) arrived. */
  synchronized long depthMapNanos(int n) {
    return maps.get(n - 1).arrivalNanos();
  }

  /** How many depth maps arrived in the same read as one that arrived at {@code nanos}. */
  synchronized int depthMapsArrivedAt(long nanos) {
    return (int) maps.stream().filter(m -> m.arrivalNanos() == nanos).count();
  }

  /** {@link System#nanoTime()} when the {@code n}-th frame score (1-based) arrived. */
  synchronized long frameScoreNanos(int n) {
    return scoreNanos.get(n - 1);
  }

  private void check() {
    if (failure.get() != null) {
      throw new IllegalStateException("reading the committed output failed", failure.get());
    }
  }

  private void readUntilClosed() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          long nanos = System.nanoTime();
          long millis = System.currentTimeMillis();
          if (record.topic().equals(depthMaps.name())) {
            DepthMap map = depthMaps.decodeValue(record.value());
            DepthMapArrival arrival =
                new DepthMapArrival(
                    map.getSequence(),
                    map.getCaptureTime().toEpochMilli(),
                    map.getInferenceMs(),
                    map.getEndToEndMs(),
                    millis,
                    nanos);
            synchronized (this) {
              maps.add(arrival);
            }
          } else if (record.topic().equals(shadowMaps)) {
            synchronized (this) {
              shadowMapsRead++;
            }
          } else {
            synchronized (this) {
              scoreNanos.add(nanos);
            }
          }
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer: done.
    } catch (RuntimeException e) {
      failure.set(e);
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
