package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DepthCalibrationTest {

  private static DepthCalibration curve(List<Double> knots, List<Double> calibrated) {
    return new DepthCalibration(knots, calibrated, List.of("synth ..."), "calibrate ...");
  }

  @Test
  void aKnotBecomesItsCalibratedDepthAndBetweenKnotsTheWayInLogDepthSetsTheMix() {
    DepthCalibration.Curve c = curve(List.of(1.0, 10.0, 100.0), List.of(1.0, 12.0, 100.0)).curve();

    assertThat(c.apply(10f)).isCloseTo(12f, within(1e-4f));
    assertThat(c.apply(1f)).isCloseTo(1f, within(1e-6f));
    // sqrt(10) is halfway from 1 to 10 in log depth: (1 + 12) / 2.
    assertThat(c.apply((float) Math.sqrt(10))).isCloseTo(6.5f, within(1e-4f));
    // 10^1.25 is a quarter of the way from 10 to 100: 12 + 0.25 * 88.
    assertThat(c.apply((float) Math.pow(10, 1.25))).isCloseTo(34f, within(1e-3f));
  }

  @Test
  void beyondTheKnotsTheNearestKnotsRatioHolds() {
    DepthCalibration.Curve c = curve(List.of(2.0, 20.0), List.of(1.8, 24.0)).curve();

    assertThat(c.apply(1f)).isCloseTo(0.9f, within(1e-6f)); // 1 × 1.8/2
    assertThat(c.apply(40f)).isCloseTo(48f, within(1e-4f)); // 40 × 24/20
  }

  @Test
  void itNeverReordersDepthsAndLeavesWhatIsNotADepthAlone() {
    DepthCalibration.Curve c =
        curve(List.of(0.8, 5.0, 40.0, 80.0), List.of(0.8, 4.9, 43.0, 76.0)).curve();
    float previous = 0;
    for (float d = 0.5f; d < 100f; d *= 1.01f) {
      float v = c.apply(d);
      assertThat(v).isGreaterThan(previous);
      previous = v;
    }
    assertThat(c.apply(Float.NaN)).isNaN();
    assertThat(c.apply(0f)).isZero();
    assertThat(c.apply(Float.POSITIVE_INFINITY)).isInfinite();
  }

  @Test
  void knotsAndDepthsMustRiseTogether() {
    assertThatThrownBy(() -> curve(List.of(1.0, 2.0), List.of(3.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calibrated_m");
    assertThatThrownBy(() -> curve(List.of(1.0), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two knots");
    assertThatThrownBy(() -> curve(List.of(1.0, 2.0, 3.0), List.of(1.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
