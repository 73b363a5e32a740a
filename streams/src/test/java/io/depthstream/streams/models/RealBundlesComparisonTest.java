package io.depthstream.streams.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.comparison.StudentT;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.core.testing.RepositoryRoot;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.depthstream.streams.topics.Topic;
import io.depthstream.streams.topics.Topics;
import io.depthstream.streams.topology.TopologyProducer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's two real bundles side by side through the real topology (TopologyTestDriver):
 * densedepth-mini-synth as champion, densedepth-tiny-indoor as challenger, on rendered rooms with
 * dense ground truth. Only the champion's maps reach depth.maps; both models' scores reach
 * depth.metrics.frames; the fleet-wide paired comparison equals the one computed here from those
 * scores. Prints the comparison (the numbers streams/README quotes).
 */
class RealBundlesComparisonTest {

  private static final int FRAMES = 12;
  private static final int WIDTH = 160;
  private static final int HEIGHT = 120;
  private static final long T0 = 1_000_000;

  @TempDir Path temp;

  @Test
  void twoRealBundlesArePairedOnTheSameFramesAndGroundTruth() {
    Path models = RepositoryRoot.path().resolve("models");
    ModelLoader loader = new ModelLoader(EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    Map<String, String> settings = new HashMap<>();
    settings.put("depthstream.join.window", "100ms");
    settings.put("depthstream.join.grace", "1s");
    settings.put("depthstream.windows.grace", "1s");
    settings.put("depthstream.freshness.max-frame-age", "10m");
    DepthstreamConfig config = TestConfig.load(settings);
    Topics topics = Topics.from(config.topics());
    Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + 60_000), ZoneOffset.UTC);
    ComparisonBoard board = new ComparisonBoard(10, 10, Optional.empty());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ModelCatalog catalog =
        new ModelCatalog(
            loader.open(ModelLoader.load(models.resolve("densedepth-mini-synth"), "champion")),
            List.of(
                loader.open(
                    ModelLoader.load(models.resolve("densedepth-tiny-indoor"), "challenger"))),
            new ChallengerSampling(1.0),
            clock,
            "test")) {
      board.attach(catalog);
      TopologyProducer producer =
          new TopologyProducer(
              config,
              topics,
              catalog,
              board,
              new PipelineMetrics(registry),
              new WindowGauges(registry, 10, 10),
              clock,
              new InferenceHealth(20, 0.8));
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "real-bundles");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, temp.resolve("state").toString());
      props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
      try (TopologyTestDriver driver = new TopologyTestDriver(producer.build(), props)) {
        var frames =
            driver.createInputTopic(
                topics.frames().name(),
                Serdes.String().serializer(),
                topics.frames().valueSerde().serializer());
        var scans =
            driver.createInputTopic(
                topics.scans().name(),
                Serdes.String().serializer(),
                topics.scans().valueSerde().serializer());
        SyntheticWorld rooms = new SyntheticWorld(SceneKind.INDOOR, 900_100).withLidar(false);
        for (int i = 0; i < FRAMES; i++) {
          SyntheticFrame room = rooms.render(WIDTH, HEIGHT, i);
          Instant at = Instant.ofEpochMilli(T0 + 1000L * i);
          frames.pipeInput("v0/cam0", frame(i, at, room), at);
          scans.pipeInput("v0/cam0", truth(i, at, room), at);
        }
        Instant late = Instant.ofEpochMilli(T0 + 1000L * FRAMES + 5000);
        scans.pipeInput("v0/cam0", truth(99, late, rooms.render(WIDTH, HEIGHT, 0)), late);

        List<DepthMap> maps = output(driver, topics.depthMaps()).readValuesToList();
        assertThat(maps)
            .hasSize(FRAMES)
            .allMatch(m -> m.getModelId().equals("densedepth-mini-synth"));
        List<DepthMap> shadow = output(driver, topics.depthMapsShadow()).readValuesToList();
        assertThat(shadow)
            .hasSize(FRAMES)
            .allMatch(m -> m.getModelId().equals("densedepth-tiny-indoor"));
        List<FrameMetrics> scores = output(driver, topics.metricsFrames()).readValuesToList();
        assertThat(scores).hasSize(2 * FRAMES);

        List<ModelComparison> totals =
            output(driver, topics.modelComparison()).readValuesToList().stream()
                .filter(c -> c.getCumulative() && c.getScope().equals("FLEET"))
                .toList();
        ModelComparison total = totals.get(totals.size() - 1);
        StringBuilder report =
            new StringBuilder(
                "challenger densedepth-tiny-indoor - champion densedepth-mini-synth, "
                    + FRAMES
                    + " rooms:");
        check(total, "delta1", scores, FrameMetrics::getDelta1, report);
        check(total, "abs_rel", scores, FrameMetrics::getAbsRel, report);
        check(total, "rmse", scores, FrameMetrics::getRmse, report);
        System.out.println(report);
      }
    }
  }

  /** The comparison's numbers against the paired differences computed from the frame scores. */
  private static void check(
      ModelComparison total,
      String metric,
      List<FrameMetrics> scores,
      ToDoubleFunction<FrameMetrics> score,
      StringBuilder report) {
    double[] d = new double[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      long sequence = i;
      double champion = score.applyAsDouble(of(scores, "densedepth-mini-synth", sequence));
      double challenger = score.applyAsDouble(of(scores, "densedepth-tiny-indoor", sequence));
      d[i] = challenger - champion;
    }
    double mean = 0;
    for (double x : d) {
      mean += x / FRAMES;
    }
    double ss = 0;
    for (double x : d) {
      ss += (x - mean) * (x - mean);
    }
    double half = StudentT.quantile(0.975, FRAMES - 1) * Math.sqrt(ss / (FRAMES - 1) / FRAMES);
    MetricDifference got =
        total.getDifferences().stream()
            .filter(x -> x.getMetric().equals(metric))
            .findFirst()
            .orElseThrow();
    assertThat(got.getPairs()).isEqualTo(FRAMES);
    assertThat(got.getMean()).isCloseTo(mean, within(1e-9));
    assertThat(got.getLow()).isCloseTo(mean - half, within(1e-9));
    assertThat(got.getHigh()).isCloseTo(mean + half, within(1e-9));
    report.append(
        String.format(
            Locale.ROOT, " %s %+.4f [%+.4f, %+.4f];", metric, mean, mean - half, mean + half));
  }

  private static FrameMetrics of(List<FrameMetrics> scores, String model, long sequence) {
    return scores.stream()
        .filter(m -> m.getModelId().equals(model) && m.getSequence() == sequence)
        .findFirst()
        .orElseThrow();
  }

  private static <V> TestOutputTopic<String, V> output(
      TopologyTestDriver driver, Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), Serdes.String().deserializer(), topic.valueSerde().deserializer());
  }

  private static CameraFrame frame(long sequence, Instant at, SyntheticFrame room) {
    return CameraFrame.newBuilder()
        .setVehicleId("v0")
        .setCameraId("cam0")
        .setSequence(sequence)
        .setCaptureTime(at)
        .setEncoding(ImageEncoding.RGB8)
        .setWidth(WIDTH)
        .setHeight(HEIGHT)
        .setData(ByteBuffer.wrap(room.rgb().rgb()))
        .build();
  }

  private static GroundTruth truth(long sequence, Instant at, SyntheticFrame room) {
    return GroundTruth.newBuilder()
        .setVehicleId("v0")
        .setCameraId("cam0")
        .setSequence(sequence)
        .setCaptureTime(at)
        .setKind(GroundTruthKind.DEPTH_IMAGE)
        .setPointStride(4)
        .setPoints(ByteBuffer.allocate(0))
        .setDepthPng(ByteBuffer.wrap(DepthPngCodec.encode(room.depth(), DepthPngCodec.MILLIMETRES)))
        .setDepthScale(DepthPngCodec.MILLIMETRES)
        .build();
  }
}
