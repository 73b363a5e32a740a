package io.depthstream.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.metrics.DepthBoundaryError;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import java.time.Instant;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.junit.jupiter.api.Test;

/** A window's depth boundary error is the mean over the frames that had one. */
class WindowMetricsTest {

  private static final ScopeKey VEHICLE = new ScopeKey(MetricsScope.VEHICLE, "v1", "m");

  private static FrameMetrics frame(double absRel, Double dbeAccuracy, Double dbeCompleteness) {
    return FrameMetrics.newBuilder()
        .setVehicleId("v1")
        .setCameraId("cam0")
        .setSequence(1)
        .setCaptureTime(Instant.EPOCH)
        .setModelId("m")
        .setModelVersion("1")
        .setGroundTruthOffsetMs(0)
        .setValidPixels(100)
        .setDelta1(1)
        .setDelta2(1)
        .setDelta3(1)
        .setAbsRel(absRel)
        .setSqRel(0)
        .setRmse(0)
        .setRmseLog(0)
        .setLog10(0)
        .setSilog(0)
        .setDbeAccuracy(dbeAccuracy)
        .setDbeCompleteness(dbeCompleteness)
        .build();
  }

  @Test
  void aWindowAveragesTheBoundaryErrorOverTheFramesThatHaveOne() {
    // Three frames; the middle one was scored against LiDAR and has no boundary error.
    // accuracy (2 + 5) / 2 = 3.5, completeness (4 + 10) / 2 = 7; abs_rel over all three 0.2.
    MetricsAccumulator acc = new MetricsAccumulator();
    WindowMetrics.add(acc, frame(0.1, 2.0, 4.0));
    WindowMetrics.add(acc, frame(0.2, null, null));
    WindowMetrics.add(acc, frame(0.3, 5.0, 10.0));

    MetricsWindow window = WindowMetrics.toWindow(VEHICLE, new TimeWindow(0, 10_000), acc);

    assertThat(window.getFrames()).isEqualTo(3);
    assertThat(window.getAbsRel()).isCloseTo(0.2, within(1e-12));
    assertThat(window.getDbeFrames()).isEqualTo(2);
    assertThat(window.getDbeAccuracy()).isCloseTo(3.5, within(1e-12));
    assertThat(window.getDbeCompleteness()).isCloseTo(7, within(1e-12));
  }

  @Test
  void aWindowWithoutBoundaryErrorsHasNullThere() {
    MetricsAccumulator acc = WindowMetrics.add(new MetricsAccumulator(), frame(0.1, null, null));
    MetricsWindow window = WindowMetrics.toWindow(VEHICLE, new TimeWindow(0, 10_000), acc);
    assertThat(window.getDbeFrames()).isZero();
    assertThat(window.getDbeAccuracy()).isNull();
    assertThat(window.getDbeCompleteness()).isNull();
  }

  @Test
  void scoringCopiesTheBoundaryErrorIntoTheFrameRecord() {
    DepthMetrics scored =
        new DepthMetrics(1, 1, 1, 0.1, 0, 0, 0, 0, 0, 100)
            .withBoundaryError(new DepthBoundaryError(1.5, 2.5));
    FrameMetrics withDbe = WindowMetrics.withBoundaryError(frame(0.1, null, null), scored);
    assertThat(withDbe.getDbeAccuracy()).isEqualTo(1.5);
    assertThat(withDbe.getDbeCompleteness()).isEqualTo(2.5);

    DepthMetrics sparse = new DepthMetrics(1, 1, 1, 0.1, 0, 0, 0, 0, 0, 100);
    FrameMetrics without = WindowMetrics.withBoundaryError(frame(0.1, 9.0, 9.0), sparse);
    assertThat(without.getDbeAccuracy()).isNull();
    assertThat(without.getDbeCompleteness()).isNull();

    assertThat(WindowMetrics.scoresOf(withDbe).dbeAccuracy()).isEqualTo(1.5);
    assertThat(WindowMetrics.scoresOf(without).hasBoundaryError()).isFalse();
  }
}
