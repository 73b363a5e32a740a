package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.TopicProvisioner;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.kafka.ServiceTopics;
import io.depthstream.streams.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service topology as plain Kafka Streams on a real broker with exactly_once_v2: stopped while
 * frames are still arriving and started again on the same state, every frame yields exactly one
 * committed depth map: nothing lost, nothing duplicated.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServiceRestartIntegrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRestartIntegrationTest.class);
  private static final int FRAMES = 60;
  private static final String VEHICLE = "it-restart";
  private static final Duration SEND_INTERVAL = Duration.ofMillis(50);
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @TempDir Path temp;

  @BeforeAll
  static void quiet() {
    QuietKafkaLogs.apply();
  }

  @Test
  void aRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
    // Generous freshness: the second instance waits out the first one's session first.
    DepthstreamConfig config =
        TestConfig.load(Map.of("depthstream.freshness.max-frame-age", "10m"));
    Topics topics = Topics.from(config.topics());
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
        DepthEstimator estimator =
            DepthEstimator.open(
                OnnxTestModels.greyToDepthBundle(temp.resolve("model")),
                EngineOptions.defaults().withDevice(DeviceChoice.CPU))) {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin = KafkaClients.admin(bootstrap)) {
        new TopicProvisioner(admin, Duration.ofSeconds(30))
            .ensure(ServiceTopics.specs(topics, 3, broker.maxMessageBytes()));
      }
      Properties props = ServiceStreams.properties("it-restart", bootstrap, temp.resolve("state"));

      KafkaStreams first = new KafkaStreams(ServiceStreams.topology(config, estimator), props);
      first.start();
      CountDownLatch firstStopped = new CountDownLatch(1);
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(() -> sendFramesSlowly(bootstrap, topics, firstStopped));
      List<DepthMap> beforeStop =
          ServiceTraffic.committedDepthMaps(bootstrap, topics.depthMaps(), this::ours, 5, DEADLINE);
      first.close(Duration.ofSeconds(30));
      firstStopped.countDown();
      int committedAtStop =
          ServiceTraffic.committedDepthMaps(
                  bootstrap, topics.depthMaps(), this::ours, FRAMES, Duration.ofSeconds(2))
              .size();
      LOG.info(
          "first instance stopped with {} of {} depth maps committed", committedAtStop, FRAMES);

      KafkaStreams second = new KafkaStreams(ServiceStreams.topology(config, estimator), props);
      second.start();
      sending.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      List<DepthMap> all =
          ServiceTraffic.committedDepthMaps(
              bootstrap, topics.depthMaps(), this::ours, FRAMES, DEADLINE);
      second.close(Duration.ofSeconds(30));

      assertThat(beforeStop).isNotEmpty();
      assertThat(committedAtStop)
          .as("the first instance must stop mid-stream for this test to mean anything")
          .isLessThan(FRAMES);
      assertThat(all.stream().map(DepthMap::getSequence))
          .as("one committed depth map per frame, %d of them before the restart", committedAtStop)
          .containsExactlyInAnyOrderElementsOf(LongStream.range(0, FRAMES).boxed().toList());
    }
  }

  private boolean ours(DepthMap map) {
    return map.getVehicleId().equals(VEHICLE);
  }

  /**
   * One frame every 50 ms; the second half only once the first instance has stopped. Timing alone
   * did not make the stop fall mid-stream: a quick instance had all 60 committed by the time the
   * reader saw the first five (CI, 2026-12-03).
   */
  private static void sendFramesSlowly(
      String bootstrap, Topics topics, CountDownLatch firstStopped) {
    try (KafkaProducer<String, CameraFrame> producer =
        ServiceTraffic.frameProducer(bootstrap, topics.frames())) {
      for (long sequence = 0; sequence < FRAMES; sequence++) {
        if (sequence == FRAMES / 2 && !firstStopped.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the first instance did not stop");
        }
        CameraFrame frame =
            ServiceTraffic.greyFrame(VEHICLE, sequence, 160, 120, 100, Instant.now());
        producer
            .send(
                new ProducerRecord<>(
                    topics.frames().name(),
                    null,
                    frame.getCaptureTime().toEpochMilli(),
                    ServiceTraffic.key(frame),
                    frame))
            .get();
        Thread.sleep(SEND_INTERVAL.toMillis());
      }
    } catch (Exception e) {
      throw new IllegalStateException("sending frames failed", e);
    }
  }
}
