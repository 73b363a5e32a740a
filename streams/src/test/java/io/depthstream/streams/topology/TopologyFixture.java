package io.depthstream.streams.topology;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.depthstream.streams.topics.Topic;
import io.depthstream.streams.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A {@link TopologyTestDriver} around the real topology with a real (tiny) ONNX model: the grey
 * model of {@link OnnxTestModels#greyToDepthBundle}, so a uniform grey frame of level v predicts
 * 10·v/255 m everywhere. Short join windows for tests: ±100 ms, 1 s grace; windows' grace 1 s.
 */
final class TopologyFixture implements AutoCloseable {

  static final String CAMERA = "v7/cam0";

  final DepthstreamConfig config;
  final Topics topics;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final PipelineMetrics metrics = new PipelineMetrics(registry);
  final MutableClock clock = new MutableClock(0);
  InferenceHealth health;
  final DepthEstimator estimator;
  final Topology topology;
  final TopologyTestDriver driver;

  final TestInputTopic<byte[], byte[]> frames;
  final TestInputTopic<byte[], byte[]> scans;
  final TestInputTopic<String, SensorCalibration> calibrations;
  final TestOutputTopic<String, DepthMap> depthMaps;
  final TestOutputTopic<String, FrameMetrics> frameMetrics;
  final TestOutputTopic<String, MetricsWindow> windows;
  final TestOutputTopic<byte[], byte[]> dlq;

  TopologyFixture(Path temp, Map<String, String> overrides) {
    this(temp, overrides, OnnxTestModels.greyToDepthBundle(temp.resolve("model")));
  }

  /** The topology running {@code bundle} instead of the grey-to-depth model. */
  TopologyFixture(Path temp, Map<String, String> overrides, ModelBundle bundle) {
    Map<String, String> settings = new HashMap<>();
    settings.put("depthstream.join.window", "100ms");
    settings.put("depthstream.join.grace", "1s");
    settings.put("depthstream.windows.grace", "1s");
    settings.put("depthstream.freshness.max-frame-age", "30s");
    settings.putAll(overrides);
    config = TestConfig.load(settings);
    topics = Topics.from(config.topics());
    estimator = DepthEstimator.open(bundle, EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    WindowGauges gauges =
        new WindowGauges(
            registry, config.metrics().maxVehicleLabels(), config.metrics().maxModelLabels());
    health =
        new InferenceHealth(
            config.health().inferenceWindow(), config.health().inferenceFailureRatio());
    TopologyProducer producer =
        new TopologyProducer(config, topics, estimator, metrics, gauges, clock, health);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "depthstream-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, temp.resolve("state").toString());
    // Emit closed windows as soon as stream time passes them, not at most once per wall second.
    props.put("__emit.interval.ms.kstreams.windowed.aggregation__", 0L);
    topology = producer.build();
    driver = new TopologyTestDriver(topology, props, Instant.EPOCH);
    frames = raw(topics.frames());
    scans = raw(topics.scans());
    calibrations =
        driver.createInputTopic(
            topics.calibration().name(),
            Serdes.String().serializer(),
            topics.calibration().valueSerde().serializer());
    depthMaps = output(topics.depthMaps());
    frameMetrics = output(topics.metricsFrames());
    windows = output(topics.metricsWindows());
    dlq =
        driver.createOutputTopic(
            topics.dlq().name(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  private TestInputTopic<byte[], byte[]> raw(Topic<String, ?> topic) {
    return driver.createInputTopic(
        topic.name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), Serdes.String().deserializer(), topic.valueSerde().deserializer());
  }

  /** Sends a frame keyed by its camera, stamped with its capture time. */
  void sendFrame(CameraFrame frame) {
    sendFrame(
        key(frame.getVehicleId(), frame.getCameraId()),
        topics.frames().encodeValue(frame),
        frame.getCaptureTime());
  }

  void sendFrame(byte[] key, byte[] value, Instant time) {
    clock.advanceTo(time.toEpochMilli());
    frames.pipeInput(new TestRecord<>(key, value, headers(), time));
  }

  void sendScan(GroundTruth scan) {
    sendScan(
        key(scan.getVehicleId(), scan.getCameraId()),
        topics.scans().encodeValue(scan),
        scan.getCaptureTime());
  }

  void sendScan(byte[] key, byte[] value, Instant time) {
    clock.advanceTo(time.toEpochMilli());
    scans.pipeInput(new TestRecord<>(key, value, headers(), time));
  }

  static byte[] key(String vehicle, String camera) {
    return (vehicle + "/" + camera).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Every input carries one header of its own, which the DLQ must keep. */
  static Headers headers() {
    Headers headers = new RecordHeaders();
    headers.add("trace-id", "abc123".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return headers;
  }

  List<TestRecord<byte[], byte[]>> deadLetters() {
    return dlq.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
    estimator.close();
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    void set(long newMillis) {
      millis = newMillis;
    }

    /**
     * Moves the clock forward to {@code newMillis} if it is behind: a record sent at its capture
     * time reaches a live service right after it was captured (the service caps timestamps at its
     * clock, so a clock left behind would make every record look like it came from the future).
     */
    void advanceTo(long newMillis) {
      millis = Math.max(millis, newMillis);
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
