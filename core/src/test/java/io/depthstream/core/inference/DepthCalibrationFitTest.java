package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DepthCalibrationFitTest {

  @Test
  void knotsAreEvenInLogDepthFromTheFirstToTheLast() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);

    assertThat(fit.bins().stream().mapToDouble(DepthCalibrationFit.Bin::knot).toArray())
        .containsExactly(new double[] {1.0, 10.0, 100.0}, within(1e-9));
  }

  @Test
  void aBinsCalibratedDepthIsItsKnotTimesMeanTruthOverMeanPrediction() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);
    // Bin of knot 10 (log-halfway bounds sqrt(10) .. sqrt(1000)): predictions 8 and 12, truth 9
    // and 15. Gain (9 + 15) / (8 + 12) = 1.2, so 10 becomes 12.
    fit.add(8, 9);
    fit.add(12, 15);
    // Bin of knot 1: prediction 1, truth 0.9 (gain 0.9). Bin of knot 100: 90 -> 81 (0.9).
    fit.add(1, 0.9);
    fit.add(90, 81);

    DepthCalibration c = fit.fit(1, List.of("data"), "cmd");

    assertThat(values(c.knots())).containsExactly(new double[] {1.0, 10.0, 100.0}, within(1e-9));
    assertThat(values(c.calibrated()))
        .containsExactly(new double[] {0.9, 12.0, 90.0}, within(1e-9));
    DepthCalibrationFit.Bin middle = fit.bins().get(1);
    assertThat(middle.pixels()).isEqualTo(2);
    assertThat(middle.meanPredicted()).isEqualTo(10.0);
    assertThat(middle.meanTruth()).isEqualTo(12.0);
  }

  @Test
  void aThinBinBorrowsTheNearestTrustedGainAndNoneTrustedIsRefused() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);
    for (int i = 0; i < 10; i++) {
      fit.add(1, 1.1);
    }
    fit.add(10, 30); // one pixel: below min pixels, not trusted

    DepthCalibration c = fit.fit(5, List.of(), "cmd");

    assertThat(values(c.calibrated()))
        .containsExactly(new double[] {1.1, 11.0, 110.0}, within(1e-9));
    assertThatThrownBy(() -> new DepthCalibrationFit(1, 100, 3).fit(5, List.of(), "cmd"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--min-pixels");
  }

  @Test
  void gainsThatWouldReorderDepthsAreMadeToRise() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);
    fit.add(10, 20); // 10 -> 20
    fit.add(100, 15); // 100 -> 15 would put the far knot nearer than the middle one

    DepthCalibration c = fit.fit(1, List.of(), "cmd");

    assertThat(c.calibrated().get(2)).isGreaterThan(c.calibrated().get(1));
    assertThat(c.calibrated().get(2)).isCloseTo(20.0, within(1e-3));
  }

  @Test
  void aModelThatIsBiasedFarAwayIsCorrectedToTheMeanAndItsSquaredErrorFalls() {
    // A model that predicts the median of a skewed truth: at prediction p the truth is p·e^(s·z)
    // with z standard normal, whose mean is p·e^(s²/2) > p. The fit should recover that gain.
    Random random = new Random(7);
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 80, 16);
    double s = 0.3;
    for (int i = 0; i < 200_000; i++) {
      double p = Math.exp(random.nextDouble() * Math.log(80));
      fit.add(p, p * Math.exp(s * random.nextGaussian()));
    }
    DepthCalibration c = fit.fit(500, List.of(), "cmd");
    double expectedGain = Math.exp(s * s / 2);
    for (int i = 0; i < c.knots().size(); i++) {
      assertThat(c.calibrated().get(i) / c.knots().get(i)).isCloseTo(expectedGain, within(0.02));
    }
  }

  private static double[] values(List<Double> list) {
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
