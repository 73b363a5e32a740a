package io.depthstream.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacingTest {

  @Test
  void fixedRateSpacesFramesEvenly() {
    Pacer pacer = Pacer.parse("4");
    assertThat(pacer.dueNanos(0, 123)).isZero();
    assertThat(pacer.dueNanos(3, 123)).isEqualTo(750_000_000L);
  }

  @Test
  void realTimeFollowsCaptureTimesFromTheFirstFrame() {
    Pacer pacer = Pacer.parse("realtime");
    assertThat(pacer.dueNanos(0, 10_000)).isZero();
    assertThat(pacer.dueNanos(1, 10_100)).isEqualTo(100_000_000L);
    assertThat(pacer.dueNanos(2, 9_000)).isZero();
  }

  @Test
  void zeroMeansUnpacedAndNonsenseIsRefused() {
    assertThat(Pacer.parse("0").dueNanos(1000, 0)).isZero();
    assertThatThrownBy(() -> Pacer.parse("-2")).hasMessageContaining("realtime");
    assertThatThrownBy(() -> Pacer.parse("fast")).hasMessageContaining("'fast'");
  }

  @Test
  void liveClockMovesTheRecordingToNowKeepingItsSpacing() {
    CaptureClock clock = CaptureClock.live(50_000);
    assertThat(clock.toCapture(1_000)).isEqualTo(50_000);
    assertThat(clock.toCapture(1_250)).isEqualTo(50_250);
    assertThat(CaptureClock.recorded().toCapture(1_250)).isEqualTo(1_250);
  }
}
