package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.TopicProvisioner;
import io.depthstream.broker.TopicSpec;
import io.depthstream.core.comparison.StudentT;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.ModelEventKind;
import io.depthstream.schemas.serde.AvroSerdes;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.kafka.ServiceTopics;
import io.depthstream.streams.models.BundleWatcher;
import io.depthstream.streams.models.ChallengerSampling;
import io.depthstream.streams.models.ComparisonBoard;
import io.depthstream.streams.models.ModelCatalog;
import io.depthstream.streams.models.ModelLoader;
import io.depthstream.streams.models.ServingModel;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.depthstream.streams.topics.Topic;
import io.depthstream.streams.topics.Topics;
import io.depthstream.streams.topology.TopologyProducer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Champion and challenger on a real broker, exactly-once: two real ONNX bundles (the grey test
 * model reads level v as gain·v/255 m: gain 10 for the champion, 8 for the challenger), frames with
 * depth-sensor ground truth of 5 m. The paired differences published on depth.models.comparison
 * must equal the ones computed here by hand from the models' formulas; a promotion and a hot reload
 * mid-stream must leave every sequence once and in order in depth.maps, the model changing at one
 * point each.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ChampionChallengerIntegrationTest {

  private static final String VEHICLE = "it-models";
  private static final int COMPARED = 20;
  private static final int FRAMES = 60;
  private static final double TRUTH_M = 5.0;
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @TempDir Path temp;

  @BeforeAll
  static void quiet() {
    QuietKafkaLogs.apply();
  }

  private static ModelBundle bundle(Path directory, String id, float gain) {
    return OnnxTestModels.writeBundle(
        directory,
        id,
        MeanModel.of(gain, 0f, 8, 8),
        8,
        8,
        new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0));
  }

  /**
   * Grey level of frame {@code sequence}: 100..139, so the differences vary from frame to frame.
   */
  private static int level(long sequence) {
    return 100 + (int) ((sequence * 7) % 40);
  }

  /** What the service publishes for a uniform frame: gain·v/255 m rounded to the map's 1 mm. */
  private static double published(float gain, int level) {
    return Math.round(gain * level / 255.0 * 1000) / 1000.0;
  }

  @Test
  void challengerIsComparedOnTheSameFramesThenPromotedAndReloadedWithoutLosingAFrame()
      throws Exception {
    DepthstreamConfig config =
        TestConfig.load(
            Map.of(
                "depthstream.freshness.max-frame-age", "10m",
                "depthstream.models.challenger-sample", "1.0"));
    Topics topics = Topics.from(config.topics());
    ModelLoader loader = new ModelLoader(EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    ServingModel champion = loader.open(bundle(temp.resolve("champion"), "grey-a", 10f));
    Path challengerDir = temp.resolve("challenger");
    ServingModel challenger = loader.open(bundle(challengerDir, "grey-b", 8f));
    ModelComparison[] latestFleetTotal = new ModelComparison[1];
    ComparisonBoard board = new ComparisonBoard(10, 10, Optional.empty());
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
        ModelCatalog catalog =
            new ModelCatalog(
                champion,
                List.of(challenger),
                new ChallengerSampling(1.0),
                Clock.systemUTC(),
                "it")) {
      board.attach(catalog);
      String bootstrap = broker.bootstrapServers();
      String shadow = config.topics().depthMapsShadow();
      String comparisons = config.topics().modelComparison();
      try (Admin admin = KafkaClients.admin(bootstrap)) {
        List<TopicSpec> specs =
            new ArrayList<>(ServiceTopics.specs(topics, 1, broker.maxMessageBytes()));
        specs.add(TopicSpec.of(shadow, 1).maxMessageBytes(broker.maxMessageBytes()));
        specs.add(TopicSpec.of(comparisons, 1));
        new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(specs);
      }
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Topology topology =
          new TopologyProducer(
                  config,
                  topics,
                  catalog,
                  board,
                  new PipelineMetrics(registry),
                  new WindowGauges(registry, 10, 10),
                  Clock.systemUTC(),
                  new InferenceHealth(20, 0.8))
              .build();
      Properties props = ServiceStreams.properties("it-models", bootstrap, temp.resolve("state"));
      KafkaStreams streams = ServiceStreams.start(topology, props);
      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        // Captured in the past: the service caps a record's timestamp at its own clock, so frames
        // stamped ahead of it would hold stream time back and leave the last ones undecided (CI saw
        // 12 of 20 scored when the service was quick).
        Instant start = Instant.now().minusSeconds(30);
        // Phase 1: frames with ground truth, both models; the comparison must match by hand.
        for (long sequence = 0; sequence < COMPARED; sequence++) {
          sendFrameAndTruth(producer, topics, sequence, start.plusMillis(100 * sequence));
        }
        // Later scans move stream time past the last frame's window and grace.
        for (long extra = 0; extra < 30; extra++) {
          sendTruth(
              producer, topics, 1000 + extra, start.plusMillis(100L * COMPARED + 100 * extra));
        }
        ModelComparison total = awaitFleetTotal(bootstrap, comparisons, COMPARED);
        assertMatchesHandComputation(total);

        // Phase 2: promotion mid-stream, then a hot reload of the new champion's bundle.
        for (long sequence = COMPARED; sequence < FRAMES; sequence++) {
          if (sequence == 35) {
            awaitDepthMaps(bootstrap, topics, 35); // frames 0..34 are done: the switch is at 35
            catalog.promote("grey-b", ModelEventKind.PROMOTED, "it", "test promotion");
          }
          if (sequence == 48) {
            awaitDepthMaps(bootstrap, topics, 48);
            newVersion(challengerDir);
            assertThat(new BundleWatcher(catalog, loader::open).poll()).isPresent();
          }
          sendFrame(producer, topics, sequence, Instant.now());
          Thread.sleep(20);
        }
      }
      List<DepthMap> maps =
          ServiceTraffic.committedDepthMaps(
              bootstrap,
              topics.depthMaps(),
              m -> m.getVehicleId().equals(VEHICLE),
              FRAMES,
              DEADLINE);
      List<DepthMap> shadowMaps =
          ServiceTraffic.committedDepthMaps(
              bootstrap,
              new Topic<>(shadow, topics.depthMaps().keySerde(), topics.depthMaps().valueSerde()),
              m -> m.getVehicleId().equals(VEHICLE),
              FRAMES,
              DEADLINE);
      streams.close(Duration.ofSeconds(30));

      assertThat(maps.stream().map(DepthMap::getSequence))
          .as("every sequence once and in order in depth.maps")
          .containsExactlyElementsOf(LongStream.range(0, FRAMES).boxed().toList());
      List<String> models =
          maps.stream().map(m -> m.getModelId() + "@" + m.getModelVersion()).toList();
      assertThat(models.subList(0, 35)).containsOnly("grey-a@1.0.0");
      assertThat(models.subList(35, 48)).containsOnly("grey-b@1.0.0");
      assertThat(models.subList(48, FRAMES)).containsOnly("grey-b@2.0.0");
      // The champion's values: a frame of level v reads gain·v/255 m.
      assertThat(maps.get(0).getModelId()).isEqualTo("grey-a");
      // Shadow: the challenger's maps before the promotion, the old champion's after it.
      assertThat(shadowMaps)
          .allMatch(
              m ->
                  m.getSequence() < 35
                      ? m.getModelId().equals("grey-b")
                      : m.getModelId().equals("grey-a"));
      assertThat(shadowMaps.stream().map(DepthMap::getSequence))
          .containsExactlyElementsOf(LongStream.range(0, FRAMES).boxed().toList());
      assertThat(champion.closed()).as("the demoted champion still runs as a challenger").isFalse();
      assertThat(challenger.closed()).as("grey-b 1.0.0 was replaced by 2.0.0").isTrue();
    }
  }

  private static void awaitDepthMaps(String bootstrap, Topics topics, int count) {
    assertThat(
            ServiceTraffic.committedDepthMaps(
                bootstrap,
                topics.depthMaps(),
                m -> m.getVehicleId().equals(VEHICLE),
                count,
                DEADLINE))
        .hasSize(count);
  }

  /** The differences of each frame, challenger − champion, as the models' formulas give them. */
  private static void assertMatchesHandComputation(ModelComparison total) {
    double[] absRel = new double[COMPARED];
    double[] rmse = new double[COMPARED];
    for (int i = 0; i < COMPARED; i++) {
      double a = published(10f, level(i));
      double b = published(8f, level(i));
      absRel[i] = Math.abs(b - TRUTH_M) / TRUTH_M - Math.abs(a - TRUTH_M) / TRUTH_M;
      rmse[i] = Math.abs(b - TRUTH_M) - Math.abs(a - TRUTH_M);
    }
    check(difference(total, "abs_rel"), absRel);
    check(difference(total, "rmse"), rmse);
    assertThat(total.getChampionId()).isEqualTo("grey-a");
    assertThat(total.getChallengerId()).isEqualTo("grey-b");
  }

  private static void check(MetricDifference d, double[] differences) {
    int n = differences.length;
    double mean = 0;
    for (double x : differences) {
      mean += x / n;
    }
    double ss = 0;
    for (double x : differences) {
      ss += (x - mean) * (x - mean);
    }
    double half = StudentT.quantile(0.975, n - 1) * Math.sqrt(ss / (n - 1) / n);
    assertThat(d.getPairs()).isEqualTo(n);
    assertThat(d.getMean()).isCloseTo(mean, within(1e-6));
    assertThat(d.getLow()).isCloseTo(mean - half, within(1e-6));
    assertThat(d.getHigh()).isCloseTo(mean + half, within(1e-6));
  }

  private static MetricDifference difference(ModelComparison c, String metric) {
    return c.getDifferences().stream()
        .filter(d -> d.getMetric().equals(metric))
        .findFirst()
        .orElseThrow();
  }

  /** Waits for the cumulative fleet-wide comparison with {@code pairs} pairs. */
  private static ModelComparison awaitFleetTotal(String bootstrap, String topic, int pairs) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-comparison-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, ModelComparison> consumer =
        new KafkaConsumer<>(
            p, new StringDeserializer(), AvroSerdes.modelComparison().deserializer())) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + DEADLINE.toNanos();
      ModelComparison newest = null;
      while (System.nanoTime() < end) {
        for (var r : consumer.poll(Duration.ofMillis(250))) {
          ModelComparison c = r.value();
          if (c.getCumulative() && c.getScope().equals("FLEET")) {
            newest = c;
            if (difference(c, "abs_rel").getPairs() == pairs) {
              return c;
            }
          }
        }
      }
      throw new AssertionError("no fleet-wide total with " + pairs + " pairs; newest: " + newest);
    }
  }

  /** Rewrites the bundle in {@code directory} as version 2.0.0 with other weights (gain 9). */
  private void newVersion(Path directory) throws Exception {
    Path staging = temp.resolve("staging");
    bundle(staging, "grey-b", 9f);
    String json =
        Files.readString(staging.resolve("model.json"), StandardCharsets.UTF_8)
            .replace("\"version\" : \"1.0.0\"", "\"version\" : \"2.0.0\"");
    Files.copy(
        staging.resolve("model.onnx"),
        directory.resolve("model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(directory.resolve("model.json"), json, StandardCharsets.UTF_8);
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaClients.MAX_REQUEST_BYTES);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(
        p, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  private static void sendFrameAndTruth(
      KafkaProducer<String, byte[]> producer, Topics topics, long sequence, Instant at)
      throws Exception {
    sendFrame(producer, topics, sequence, at);
    sendTruth(producer, topics, sequence, at);
  }

  private static void sendFrame(
      KafkaProducer<String, byte[]> producer, Topics topics, long sequence, Instant at)
      throws Exception {
    CameraFrame frame = ServiceTraffic.greyFrame(VEHICLE, sequence, 32, 24, level(sequence), at);
    producer
        .send(
            new ProducerRecord<>(
                topics.frames().name(),
                null,
                at.toEpochMilli(),
                ServiceTraffic.key(frame),
                topics.frames().encodeValue(frame)))
        .get();
  }

  private static void sendTruth(
      KafkaProducer<String, byte[]> producer, Topics topics, long sequence, Instant at)
      throws Exception {
    GroundTruth truth = ServiceTraffic.depthTruth(VEHICLE, sequence, at, 32, 24, TRUTH_M);
    producer
        .send(
            new ProducerRecord<>(
                topics.scans().name(),
                null,
                at.toEpochMilli(),
                ServiceTraffic.cameraKey(VEHICLE),
                topics.scans().encodeValue(truth)))
        .get();
  }
}
