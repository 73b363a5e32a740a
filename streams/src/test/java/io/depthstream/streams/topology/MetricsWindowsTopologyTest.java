package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling windows over per-frame metrics: three frames in the tumbling window [0, 10 s), each with
 * a uniform ground truth, so every per-frame score is known by hand; the window must hold their
 * mean.
 */
class MetricsWindowsTopologyTest {

  @TempDir Path temp;
  private TopologyFixture fixture;

  @BeforeEach
  void start() {
    fixture = new TopologyFixture(temp, Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void tumblingWindowHoldsTheMeanOfItsFramesPerVehicleModelAndFleet() {
    int[] levels = {128, 64, 200};
    double[] truths = {5.0, 2.0, 8.0};
    long[] times = {1_000, 3_000, 5_000};
    for (int i = 0; i < 3; i++) {
      fixture.clock.set(times[i] + 20);
      fixture.sendFrame(TestRecords.greyFrame(i, times[i], levels[i]));
      fixture.sendScan(TestRecords.uniformTruth(i, times[i] + 10, truths[i]));
    }
    // A fourth scored frame at 12 s moves the windows' stream time past 10 s + 1 s grace.
    fixture.clock.set(12_020);
    fixture.sendFrame(TestRecords.greyFrame(3, 12_000, 128));
    fixture.sendScan(TestRecords.uniformTruth(3, 12_010, 5.0));
    fixture.sendScan(TestRecords.uniformTruth(4, 13_500, 5.0));

    List<FrameMetrics> frames = fixture.frameMetrics.readValuesToList();
    assertThat(frames).hasSize(4);
    double absRel = 0;
    double rmse = 0;
    double delta1 = 0;
    for (int i = 0; i < 3; i++) {
      double p = TestRecords.predicted(levels[i]);
      double g = truths[i];
      assertThat(frames.get(i).getAbsRel()).isCloseTo(Math.abs(g - p) / g, within(1e-6));
      absRel += Math.abs(g - p) / g;
      rmse += Math.abs(g - p);
      delta1 += Math.max(g / p, p / g) < 1.25 ? 1 : 0;
    }
    // By hand: 5.020 vs 5 (0.004), 2.510 vs 2 (0.255, r = 1.255 > 1.25), 7.843 vs 8 (0.019625).
    assertThat(absRel / 3).isCloseTo((0.004 + 0.255 + 0.019625) / 3, within(1e-6));
    assertThat(delta1 / 3).isCloseTo(2.0 / 3, within(1e-12));

    Map<MetricsScope, MetricsWindow> tumbling =
        fixture.windows.readValuesToList().stream()
            .filter(w -> w.getWindowEnd() - w.getWindowStart() == 10_000)
            .collect(Collectors.toMap(MetricsWindow::getScope, w -> w));
    assertThat(tumbling)
        .containsOnlyKeys(MetricsScope.VEHICLE, MetricsScope.MODEL, MetricsScope.FLEET);
    for (MetricsWindow w : tumbling.values()) {
      assertThat(w.getWindowStart()).isZero();
      assertThat(w.getFrames()).isEqualTo(3);
      assertThat(w.getModelId()).isEqualTo(fixture.estimator.bundle().id());
      assertThat(w.getAbsRel()).isCloseTo(absRel / 3, within(1e-6));
      assertThat(w.getRmse()).isCloseTo(rmse / 3, within(1e-5));
      assertThat(w.getDelta1()).isCloseTo(delta1 / 3, within(1e-9));
      double meanSilog =
          frames.subList(0, 3).stream().mapToDouble(FrameMetrics::getSilog).sum() / 3;
      assertThat(w.getSilog()).isCloseTo(meanSilog, within(1e-9));
    }
    assertThat(tumbling.get(MetricsScope.VEHICLE).getScopeKey()).isEqualTo(TestRecords.VEHICLE);
    assertThat(tumbling.get(MetricsScope.MODEL).getScopeKey())
        .isEqualTo(fixture.estimator.bundle().id());
    assertThat(tumbling.get(MetricsScope.FLEET).getScopeKey())
        .isEqualTo(fixture.config.windows().fleetKey());

    KeyValueStore<String, MetricsWindow> latest =
        fixture.driver.getKeyValueStore(StoreNames.LATEST_WINDOWS);
    assertThat(latest.get(TestRecords.VEHICLE).getFrames()).isEqualTo(3);
  }
}
