package io.depthstream.streams.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the web page reads: frames by capture time, bounded metric history. */
class LiveViewTest {

  @Test
  void aDepthMapFindsTheFrameItWasMadeFromOrTheOneBefore() {
    RecentFrames frames = new RecentFrames(3, 8);
    for (int i = 0; i < 5; i++) {
      frames.record(frame("v0", "cam0", i, 1_000 + 100L * i));
    }
    frames.record(frame("v1", "cam0", 9, 5_000));

    assertThat(frames.find("v0", Optional.empty(), Optional.of(1_300L)).get().getSequence())
        .isEqualTo(3);
    assertThat(frames.find("v0", Optional.empty(), Optional.of(1_350L)).get().getSequence())
        .isEqualTo(3);
    assertThat(frames.find("v0", Optional.empty(), Optional.empty()).get().getSequence())
        .isEqualTo(4);
    // Only the newest 3 are kept: frame 1 at 1100 ms is gone.
    assertThat(frames.find("v0", Optional.empty(), Optional.of(1_100L))).isEmpty();
    assertThat(frames.find("v0", Optional.of("cam1"), Optional.empty())).isEmpty();
    assertThat(frames.find("v7", Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void historyKeepsTheNewestFramesAndOnlyVehicleTumblingWindows() {
    MetricHistory history = new MetricHistory(2, 10_000, 8);
    for (int i = 0; i < 3; i++) {
      history.record(frameMetrics("v0", i, 0.5 + i / 10.0));
    }
    history.record(window(MetricsScope.VEHICLE, "v0", 0, 10_000, 0.6));
    history.record(window(MetricsScope.VEHICLE, "v0", 0, 60_000, 0.1));
    history.record(window(MetricsScope.FLEET, "fleet", 0, 10_000, 0.2));

    MetricHistory.VehicleHistory v0 = history.of("v0");
    assertThat(v0.frames()).extracting(MetricHistory.FramePoint::sequence).containsExactly(1L, 2L);
    assertThat(v0.windows()).hasSize(1);
    assertThat(history.latestWindow("v0").get().delta1()).isEqualTo(0.6);
    assertThat(history.latestWindow("fleet")).isEmpty();
    assertThat(history.of("v9").frames()).isEmpty();
  }

  @Test
  void cameraIdsPastTheCapAreNotKeptSoInventedIdsCannotGrowTheHeap() {
    RecentFrames frames = new RecentFrames(3, 2);
    MetricHistory history = new MetricHistory(2, 10_000, 2);
    for (int v = 0; v < 5; v++) {
      frames.record(frame("v" + v, "cam0", 1, 1_000));
      history.record(frameMetrics("v" + v, 1, 0.9));
    }
    assertThat(frames.find("v1", Optional.empty(), Optional.empty())).isPresent();
    assertThat(frames.find("v2", Optional.empty(), Optional.empty())).isEmpty();
    assertThat(history.of("v1").frames()).hasSize(1);
    assertThat(history.of("v4").frames()).isEmpty();
    frames.record(frame("v0", "cam0", 2, 1_100));
    assertThat(frames.find("v0", Optional.empty(), Optional.empty()).get().getSequence())
        .as("a followed camera keeps being followed")
        .isEqualTo(2);
  }

  private static CameraFrame frame(String vehicle, String camera, long sequence, long capture) {
    return CameraFrame.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId(camera)
        .setSequence(sequence)
        .setCaptureTime(Instant.ofEpochMilli(capture))
        .setEncoding(ImageEncoding.JPEG)
        .setWidth(0)
        .setHeight(0)
        .setData(ByteBuffer.wrap(new byte[] {1}))
        .build();
  }

  private static FrameMetrics frameMetrics(String vehicle, long sequence, double delta1) {
    return FrameMetrics.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId("cam0")
        .setSequence(sequence)
        .setCaptureTime(Instant.ofEpochMilli(1_000 * sequence))
        .setModelId("m")
        .setModelVersion("1")
        .setGroundTruthOffsetMs(0)
        .setValidPixels(10)
        .setDelta1(delta1)
        .setDelta2(1)
        .setDelta3(1)
        .setAbsRel(0.1)
        .setSqRel(0.1)
        .setRmse(0.5)
        .setRmseLog(0.1)
        .setLog10(0.1)
        .setSilog(1)
        .build();
  }

  private static MetricsWindow window(
      MetricsScope scope, String key, long start, long end, double delta1) {
    return MetricsWindow.newBuilder()
        .setScope(scope)
        .setScopeKey(key)
        .setModelId("m")
        .setWindowStart(start)
        .setWindowEnd(end)
        .setFrames(5)
        .setDelta1(delta1)
        .setDelta2(1)
        .setDelta3(1)
        .setAbsRel(0.1)
        .setSqRel(0.1)
        .setRmse(0.5)
        .setRmseLog(0.1)
        .setLog10(0.1)
        .setSilog(1)
        .build();
  }
}
