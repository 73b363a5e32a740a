package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.models.ChallengerSampling;
import io.depthstream.streams.models.ComparisonBoard;
import io.depthstream.streams.models.ModelBatching;
import io.depthstream.streams.models.ModelCatalog;
import io.depthstream.streams.models.ServingModel;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.depthstream.streams.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service topology with dynamic batching on, as a replica with two stream threads runs it: two
 * drivers of the same topology (one per stream thread, each with its own cameras) share one model
 * catalog, and send their frames at the same time from two threads, so their frames meet in the
 * model's batcher. The real densedepth-tiny-indoor bundle runs frames of random pixels. The depth
 * maps must be those of the same frames with batching off, every frame once, in camera order.
 */
class BatchedInferenceTopologyTest {

  private static final Path BUNDLE =
      Path.of("..", "models", "densedepth-tiny-indoor").toAbsolutePath().normalize();
  private static final int STREAM_THREADS = 2;
  private static final int CAMERAS_PER_THREAD = 2;
  private static final int FRAMES_PER_CAMERA = 5;
  private static final long NOW_MS = 100_000;

  @TempDir Path temp;

  @Test
  void batchedMapsEqualUnbatchedOnesEveryFrameOnceInCameraOrder() throws Exception {
    Run off = run(ModelBatching.OFF, "off");
    // A generous wait, so the two threads' frames meet in a batch even on a loaded machine.
    Run on = run(ModelBatching.parse("4", Duration.ofMillis(200)), "on");

    assertThat(off.batches).isEqualTo(off.frames);
    assertThat(on.frames).isEqualTo(STREAM_THREADS * CAMERAS_PER_THREAD * FRAMES_PER_CAMERA);
    assertThat(on.batches)
        .as("frames of the two stream threads shared batches")
        .isLessThan(on.frames);
    assertThat(on.deadLetters).isZero();
    assertThat(off.deadLetters).isZero();

    assertThat(on.maps.keySet()).isEqualTo(off.maps.keySet());
    assertThat(on.maps).hasSize(STREAM_THREADS * CAMERAS_PER_THREAD);
    for (String camera : off.maps.keySet()) {
      List<DepthMap> batched = on.maps.get(camera);
      List<DepthMap> alone = off.maps.get(camera);
      // Every frame once, in the order its camera sent them.
      assertThat(batched.stream().map(DepthMap::getSequence).toList())
          .as(camera)
          .containsExactly(0L, 1L, 2L, 3L, 4L);
      for (int i = 0; i < alone.size(); i++) {
        DepthMap a = alone.get(i);
        DepthMap b = batched.get(i);
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        assertThat(AvroBytes.toArray(b.getDepthPng()))
            .as("%s#%d", camera, b.getSequence())
            .isEqualTo(AvroBytes.toArray(a.getDepthPng()));
      }
    }
  }

  /** What one run wrote and how the model's batcher ran. */
  private record Run(
      Map<String, List<DepthMap>> maps, long deadLetters, long batches, long frames) {}

  private Run run(ModelBatching batching, String name) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("depthstream.freshness.max-frame-age", "30s");
    DepthstreamConfig config = TestConfig.load(settings);
    Topics topics = Topics.from(config.topics());
    Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    DepthEstimator estimator =
        DepthEstimator.open(
            ModelBundle.load(BUNDLE), EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    ServingModel model = new ServingModel(estimator, batching);
    ModelCatalog catalog =
        new ModelCatalog(model, List.of(), new ChallengerSampling(0), clock, "test");
    List<TopologyTestDriver> drivers = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(STREAM_THREADS);
    try {
      for (int t = 0; t < STREAM_THREADS; t++) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyProducer producer =
            new TopologyProducer(
                config,
                topics,
                catalog,
                new ComparisonBoard(0, 0, Optional.empty()),
                new PipelineMetrics(registry),
                new WindowGauges(
                    registry,
                    config.metrics().maxVehicleLabels(),
                    config.metrics().maxModelLabels()),
                clock,
                new InferenceHealth(
                    config.health().inferenceWindow(), config.health().inferenceFailureRatio()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "depthstream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, temp.resolve(name + "-state-" + t).toString());
        drivers.add(new TopologyTestDriver(producer.build(), props, Instant.EPOCH));
      }
      CyclicBarrier together = new CyclicBarrier(STREAM_THREADS);
      List<Future<?>> sent = new ArrayList<>();
      for (int t = 0; t < STREAM_THREADS; t++) {
        TopologyTestDriver driver = drivers.get(t);
        int thread = t;
        sent.add(
            threads.submit(
                () -> {
                  TestInputTopic<byte[], byte[]> frames =
                      driver.createInputTopic(
                          topics.frames().name(),
                          Serdes.ByteArray().serializer(),
                          Serdes.ByteArray().serializer());
                  for (int sequence = 0; sequence < FRAMES_PER_CAMERA; sequence++) {
                    for (int c = 0; c < CAMERAS_PER_THREAD; c++) {
                      CameraFrame frame = frame("v" + thread, "cam" + c, sequence);
                      // Each frame sent with the other thread's: their inferences overlap.
                      together.await(60, TimeUnit.SECONDS);
                      frames.pipeInput(
                          new TestRecord<>(
                              ("v" + thread + "/cam" + c).getBytes(),
                              topics.frames().encodeValue(frame),
                              TopologyFixture.headers(),
                              frame.getCaptureTime()));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> done : sent) {
        done.get(120, TimeUnit.SECONDS);
      }
      Map<String, List<DepthMap>> maps = new TreeMap<>();
      long deadLetters = 0;
      for (TopologyTestDriver driver : drivers) {
        TestOutputTopic<String, DepthMap> out =
            driver.createOutputTopic(
                topics.depthMaps().name(),
                Serdes.String().deserializer(),
                topics.depthMaps().valueSerde().deserializer());
        for (var record : out.readRecordsToList()) {
          maps.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        deadLetters +=
            driver
                .createOutputTopic(
                    topics.dlq().name(),
                    Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer())
                .readRecordsToList()
                .size();
      }
      return new Run(maps, deadLetters, model.batcher().batches(), model.batcher().frames());
    } finally {
      threads.shutdownNow();
      drivers.forEach(TopologyTestDriver::close);
      // Retires the model: its batcher and then its session close.
      catalog.close();
      assertThat(model.closed()).isTrue();
    }
  }

  /** A 64x48 RGB8 frame of random pixels, its own for each camera and sequence. */
  private static CameraFrame frame(String vehicle, String camera, int sequence) {
    Random random = new Random((vehicle + "/" + camera).hashCode() * 31L + sequence);
    int width = 64;
    int height = 48;
    byte[] rgb = new byte[width * height * 3];
    random.nextBytes(rgb);
    return CameraFrame.newBuilder(
            TestRecords.frame(
                sequence, NOW_MS - 5_000 + sequence * 100L, ImageEncoding.RGB8, width, height, rgb))
        .setVehicleId(vehicle)
        .setCameraId(camera)
        .build();
  }
}
