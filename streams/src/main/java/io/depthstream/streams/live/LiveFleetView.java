package io.depthstream.streams.live;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.kafka.KafkaStartup;
import io.depthstream.streams.models.ModelCatalog;
import io.depthstream.streams.topics.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows camera frames, per-frame scores and closed windows from the moment the service starts,
 * into {@link RecentFrames} and {@link MetricHistory}, which the web page and the demo's console
 * read. A plain consumer assigned to every partition (no group, no commits): it is a view, and
 * starts at the end of each topic. Records it cannot decode are skipped; the service's DLQ accounts
 * for them.
 */
@ApplicationScoped
public class LiveFleetView {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFleetView.class);

  private final LiveViewConfig config;
  private final Topics topics;
  private final KafkaStartup kafka;
  private final RecentFrames frames;
  private final MetricHistory history;
  private volatile ModelCatalog models;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread follower;

  @Inject
  public LiveFleetView(
      LiveViewConfig config, DepthstreamConfig service, Topics topics, KafkaStartup kafka) {
    this.config = config;
    this.topics = topics;
    this.kafka = kafka;
    this.frames = new RecentFrames(config.framesPerCamera(), config.maxCameras());
    this.history =
        new MetricHistory(
            config.historyPoints(), service.windows().tumbling().toMillis(), config.maxCameras());
  }

  /**
   * The page follows the champion: with challengers, depth.metrics.frames and the vehicle windows
   * carry one row per model, and one chart per vehicle must not interleave them (the models panel
   * shows the comparison). Without a catalog (tests) every row is kept.
   */
  @Inject
  void followChampionOf(ModelCatalog catalog) {
    this.models = catalog;
  }

  private boolean champion(String modelId) {
    ModelCatalog catalog = models;
    return catalog == null || catalog.champion().id().equals(modelId);
  }

  /** Whether the view runs; when it does not, frames and history stay empty. */
  public boolean enabled() {
    return config.enabled();
  }

  public RecentFrames frames() {
    return frames;
  }

  public MetricHistory history() {
    return history;
  }

  // After KafkaStartup (PLATFORM_BEFORE) has the broker and topics ready.
  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    consumer = new KafkaConsumer<>(consumerProperties(kafka.clientProperties()));
    follower = new Thread(this::follow, "live-fleet-view");
    follower.setDaemon(true);
    follower.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    KafkaConsumer<String, byte[]> running = consumer;
    if (running == null) {
      return;
    }
    running.wakeup();
    try {
      follower.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void follow() {
    try (KafkaConsumer<String, byte[]> c = consumer) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic :
          List.of(
              topics.frames().name(),
              topics.metricsFrames().name(),
              topics.metricsWindows().name())) {
        for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      c.assign(partitions);
      c.seekToEnd(partitions);
      while (true) {
        for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
          take(record);
        }
      }
    } catch (WakeupException e) {
      // shutdown
    } catch (RuntimeException e) {
      LOG.warn(
          "live view stopped following the fleet: {}",
          kafka.clientConfig().explainRefusal(kafka.bootstrapServers(), e).orElse(e.toString()));
    }
  }

  private void take(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    try {
      if (topic.equals(topics.frames().name())) {
        frames.record(topics.frames().decodeValue(record.value()));
      } else if (topic.equals(topics.metricsFrames().name())) {
        FrameMetrics scores = topics.metricsFrames().decodeValue(record.value());
        if (champion(scores.getModelId())) {
          history.record(scores);
        }
      } else {
        MetricsWindow window = topics.metricsWindows().decodeValue(record.value());
        if (champion(window.getModelId())) {
          history.record(window);
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("live view skips {}@{}: {}", topic, record.offset(), e.toString());
    }
  }

  /** {@code connection} (address and security settings) plus the view's own settings. */
  private static Map<String, Object> consumerProperties(Map<String, Object> connection) {
    Map<String, Object> p = new HashMap<>(connection);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "depthstream-live-view");
    // Scores and windows are written in transactions; show only committed ones.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** The frame {@code vehicleId}'s depth map captured at {@code at} was made from. */
  public Optional<CameraFrame> frame(String vehicleId, Optional<String> camera, Optional<Long> at) {
    return frames.find(vehicleId, camera, at);
  }
}
