package io.depthstream.streams.models;

import io.depthstream.schemas.ModelEvent;
import io.depthstream.schemas.ModelEventKind;
import io.depthstream.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica's champion the fleet's champion: reads {@code depth.models.events} (all its
 * partitions, no consumer group, committed records only) and follows every promotion made on any
 * replica ({@link ModelEventKind#PROMOTED}, {@link ModelEventKind#AUTO_PROMOTED}) with {@link
 * ModelCatalog#follow}, which does not publish it again. Hot reloads are not followed: each replica
 * watches its own bundle directory.
 *
 * <p>At {@link #start} it replays the topic from the beginning up to its end and applies the last
 * promotion only (promotions are keyed {@value ModelEventPublisher#KEY}, so compaction keeps that
 * one), so a restarted replica starts with the champion the fleet has; then it follows new events
 * on a daemon thread until {@link #close}.
 */
public final class ModelEventFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelEventFollower.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final Consumer<String, ModelEvent> consumer;
  private final String topic;
  private final ModelCatalog catalog;
  private final AtomicLong followed = new AtomicLong();
  private final AtomicLong promotionsRead = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean assigned;
  private Thread thread;

  public ModelEventFollower(
      Consumer<String, ModelEvent> consumer, String topic, ModelCatalog catalog) {
    this.consumer = consumer;
    this.topic = topic;
    this.catalog = catalog;
  }

  /**
   * A follower with its own consumer on the service's Kafka connection ({@code clientProperties}:
   * bootstrap servers and security settings, as the publisher gets them), started: the topic is
   * replayed for at most {@code replayTimeout} before this returns.
   */
  public static ModelEventFollower start(
      Map<String, Object> clientProperties,
      String topic,
      ModelCatalog catalog,
      Duration replayTimeout) {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "depthstream-model-follower");
    ModelEventFollower follower =
        new ModelEventFollower(
            new KafkaConsumer<>(
                properties, new StringDeserializer(), AvroSerdes.modelEvent().deserializer()),
            topic,
            catalog);
    follower.start(replayTimeout);
    return follower;
  }

  /** Replays the topic (at most {@code replayTimeout}), then follows it on a daemon thread. */
  public void start(Duration replayTimeout) {
    try {
      replay(replayTimeout);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not replay {} at startup ({}); following it in the background, the champion is"
              + " {} until then",
          topic,
          e.toString(),
          catalog.champion().id());
    }
    thread = new Thread(this::follow, "depthstream-model-follower");
    thread.setDaemon(true);
    thread.start();
  }

  /** How many promotions this follower applied (for tests and logs). */
  public long followed() {
    return followed.get();
  }

  /** How many promotion events this follower has read, applied or not (for tests). */
  public long promotionsRead() {
    return promotionsRead.get();
  }

  private boolean assign(Duration timeout) {
    if (assigned) {
      return true;
    }
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      return false;
    }
    List<TopicPartition> partitions =
        infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    assigned = true;
    return true;
  }

  /** Reads up to the end offsets seen now and applies the last promotion among the records. */
  private void replay(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    if (!assign(timeout)) {
      LOG.warn("{} has no partitions yet; following it once it has", topic);
      return;
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), timeout);
    ModelEvent last = null;
    while (!caughtUp(ends)) {
      if (System.nanoTime() > end) {
        LOG.warn(
            "replaying {} took more than {}; following the rest in the background", topic, timeout);
        break;
      }
      for (ConsumerRecord<String, ModelEvent> record : poll()) {
        // Promotions share one key, hence one partition: the last read is the last published.
        if (isPromotion(record.value())) {
          promotionsRead.incrementAndGet();
          last = record.value();
        }
      }
    }
    if (last == null) {
      LOG.info("no promotion on {}: the champion is {}", topic, catalog.champion().id());
    } else {
      apply(last, "replayed");
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void follow() {
    try {
      while (running) {
        if (!assign(POLL)) {
          continue;
        }
        for (ConsumerRecord<String, ModelEvent> record : poll()) {
          if (isPromotion(record.value())) {
            apply(record.value(), "followed");
            promotionsRead.incrementAndGet();
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        LOG.error(
            "stopped following {}: {}; this replica keeps champion {} until it restarts",
            topic,
            e.toString(),
            catalog.champion().id(),
            e);
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private ConsumerRecords<String, ModelEvent> poll() {
    try {
      return consumer.poll(POLL);
    } catch (RecordDeserializationException e) {
      LOG.warn(
          "skipping record {}@{} of {}: not a ModelEvent ({})",
          e.offset(),
          e.topicPartition(),
          topic,
          e.getMessage());
      consumer.seek(e.topicPartition(), e.offset() + 1);
      return ConsumerRecords.empty();
    }
  }

  private static boolean isPromotion(ModelEvent event) {
    return event != null
        && (event.getKind() == ModelEventKind.PROMOTED
            || event.getKind() == ModelEventKind.AUTO_PROMOTED);
  }

  private void apply(ModelEvent event, String how) {
    String id = event.getNewModelId();
    try {
      catalog
          .follow(id, event.getKind(), event.getActor(), event.getReason())
          .ifPresent(
              change -> {
                followed.incrementAndGet();
                LOG.info(
                    "{} {} of {} (champion here was {}), made on {} by {}: {}",
                    how,
                    event.getKind(),
                    id,
                    change.oldModelId(),
                    event.getInstance(),
                    event.getActor(),
                    event.getReason());
              });
    } catch (UnknownModelException e) {
      LOG.warn(
          "{} promoted model '{}' ({} by {}), which this replica has not loaded; it keeps champion"
              + " {}. Add that model's bundle to DEPTHSTREAM_CHALLENGERS"
              + " (depthstream.models.challengers) on every replica and restart this one",
          event.getInstance(),
          id,
          event.getKind(),
          event.getActor(),
          catalog.champion().id());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
