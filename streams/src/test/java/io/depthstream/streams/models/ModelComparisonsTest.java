package io.depthstream.streams.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's topology on TopologyTestDriver, against differences computed by hand. */
class ModelComparisonsTest {

  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  @TempDir java.nio.file.Path state;
  private TopologyTestDriver driver;
  private TestInputTopic<String, FrameMetrics> scores;
  private TestOutputTopic<String, ModelComparison> comparisons;
  private final List<ModelComparison> observed = new ArrayList<>();
  private String champion = "model-a";

  @BeforeEach
  void start() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, FrameMetrics> metrics =
        builder.stream(
            "depth.metrics.frames", Consumed.with(Serdes.String(), AvroSerdes.frameMetrics()));
    FramePairingProcessor.Roles roles =
        new FramePairingProcessor.Roles() {
          @Override
          public String championId() {
            return champion;
          }

          @Override
          public boolean sampled(String cameraKey, long sequence) {
            return sequence != 99; // frame 99 is left out of the sample
          }
        };
    ModelComparisons.attach(
        builder,
        metrics,
        AvroSerdes.frameMetrics(),
        roles,
        new ModelComparisons.Settings(
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            "fleet",
            "depth.models.comparison"),
        observed::add);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "comparison-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver = new TopologyTestDriver(builder.build(), p);
    scores =
        driver.createInputTopic(
            "depth.metrics.frames",
            Serdes.String().serializer(),
            AvroSerdes.frameMetrics().serializer());
    comparisons =
        driver.createOutputTopic(
            "depth.models.comparison",
            Serdes.String().deserializer(),
            AvroSerdes.modelComparison().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void score(String vehicle, long sequence, String model, double absRel, double t) {
    long time = T0 + (long) (t * 1000);
    FrameMetrics m =
        FrameMetrics.newBuilder()
            .setVehicleId(vehicle)
            .setCameraId("cam0")
            .setSequence(sequence)
            .setCaptureTime(Instant.ofEpochMilli(time))
            .setModelId(model)
            .setModelVersion("1.0.0")
            .setGroundTruthOffsetMs(0)
            .setValidPixels(100)
            // δ1 and rmse move with abs_rel so that every metric has a hand-checkable difference
            .setDelta1(1 - absRel)
            .setDelta2(1)
            .setDelta3(1)
            .setAbsRel(absRel)
            .setSqRel(0)
            .setRmse(10 * absRel)
            .setRmseLog(0)
            .setLog10(0)
            .setSilog(0)
            .build();
    scores.pipeInput(vehicle + "/cam0", m, time);
  }

  private static MetricDifference difference(ModelComparison c, String metric) {
    return c.getDifferences().stream()
        .filter(d -> d.getMetric().equals(metric))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void pairedDifferencesPerWindowAndVehicleMatchAHandComputation() {
    // v0: champion abs_rel c, challenger c + d with d = 0.1, 0.3, -0.2, 0.4, 0.2 (hand: mean 0.16,
    // s² = 0.053, half width t(0.975,4)·sqrt(0.053/5) = 0.2858525). The challenger's score of
    // frame 3 arrives before the champion's; frame 99 is not sampled and has no challenger score.
    double[] champ = {0.20, 0.10, 0.30, 0.15, 0.25};
    double[] d = {0.1, 0.3, -0.2, 0.4, 0.2};
    for (int i = 0; i < 5; i++) {
      if (i == 3) {
        score("v0", i, "model-b", champ[i] + d[i], i);
        score("v0", i, "model-a", champ[i], i);
      } else {
        score("v0", i, "model-a", champ[i], i);
        score("v0", i, "model-b", champ[i] + d[i], i);
      }
    }
    score("v0", 99, "model-a", 0.5, 5);
    // v1: two frames, differences -0.1 and -0.3 (mean -0.2).
    score("v1", 0, "model-a", 0.4, 1);
    score("v1", 0, "model-b", 0.3, 1);
    score("v1", 1, "model-a", 0.4, 2);
    score("v1", 1, "model-b", 0.1, 2);
    // Close the window [T0, T0+10s) (grace 1 s) with a later pair: stream time of the windows
    // moves with the pairs that reach them.
    score("v0", 100, "model-a", 0.2, 12);
    score("v0", 100, "model-b", 0.2, 12);

    Map<String, ModelComparison> windowed =
        comparisons.readValuesToList().stream()
            .filter(c -> !c.getCumulative())
            .collect(Collectors.toMap(c -> c.getScope() + "/" + c.getScopeKey(), c -> c));
    ModelComparison v0 = windowed.get("VEHICLE/v0");
    assertThat(v0.getChampionId()).isEqualTo("model-a");
    assertThat(v0.getChallengerId()).isEqualTo("model-b");
    assertThat(v0.getWindowStart()).isEqualTo(T0);
    assertThat(v0.getWindowEnd()).isEqualTo(T0 + 10_000);
    MetricDifference absRel = difference(v0, "abs_rel");
    assertThat(absRel.getPairs()).isEqualTo(5);
    assertThat(absRel.getMean()).isCloseTo(0.16, within(1e-12));
    assertThat(absRel.getLow()).isCloseTo(0.16 - 0.2858525, within(1e-6));
    assertThat(absRel.getHigh()).isCloseTo(0.16 + 0.2858525, within(1e-6));
    // δ1 = 1 − abs_rel and rmse = 10·abs_rel: differences −d and 10·d.
    assertThat(difference(v0, "delta1").getMean()).isCloseTo(-0.16, within(1e-12));
    assertThat(difference(v0, "rmse").getMean()).isCloseTo(1.6, within(1e-11));
    assertThat(difference(v0, "rmse").getHigh()).isCloseTo(1.6 + 2.858525, within(1e-5));

    MetricDifference v1 = difference(windowed.get("VEHICLE/v1"), "abs_rel");
    assertThat(v1.getPairs()).isEqualTo(2);
    assertThat(v1.getMean()).isCloseTo(-0.2, within(1e-12));
    // Fleet: the seven differences 0.1, 0.3, -0.2, 0.4, 0.2, -0.1, -0.3: mean 0.4 / 7.
    MetricDifference fleet = difference(windowed.get("FLEET/fleet"), "abs_rel");
    assertThat(fleet.getPairs()).isEqualTo(7);
    assertThat(fleet.getMean()).isCloseTo(0.4 / 7, within(1e-12));

    // The cumulative records grow with each pair.
    ModelComparison total =
        observed.stream()
            .filter(c -> c.getCumulative() && c.getScope().equals("FLEET"))
            .reduce((a, b) -> b)
            .orElseThrow();
    // Eight pairs by now: the seven of the window and the one that closed it (difference 0).
    assertThat(difference(total, "abs_rel").getPairs()).isEqualTo(8);
    assertThat(difference(total, "abs_rel").getMean()).isCloseTo(0.4 / 8, within(1e-12));
    assertThat(total.getWindowStart()).isEqualTo(T0);
    assertThat(total.getWindowEnd()).isEqualTo(T0 + 12_000);
  }

  @Test
  void theChampionIsTheOneAtPairingTime() {
    score("v0", 0, "model-a", 0.2, 0);
    score("v0", 0, "model-b", 0.1, 0);
    champion = "model-b"; // promoted
    score("v0", 1, "model-b", 0.1, 1);
    score("v0", 1, "model-a", 0.3, 1);
    List<ModelComparison> totals =
        observed.stream().filter(c -> c.getCumulative() && c.getScope().equals("FLEET")).toList();
    assertThat(totals)
        .extracting(ModelComparison::getChallengerId)
        .containsExactly("model-b", "model-a");
    assertThat(difference(totals.get(1), "abs_rel").getMean()).isCloseTo(0.2, within(1e-12));
  }
}
