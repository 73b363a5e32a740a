package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DepthCalibrationFitTest {

  /** The curve through (1, 1.2), (10, 11), (100, 90), as {@link DepthCalibration} applies it. */
  private static final DepthCalibration.Curve TRUE_CURVE =
      new DepthCalibration(List.of(1.0, 10.0, 100.0), List.of(1.2, 11.0, 90.0), List.of(), "")
          .curve();

  private static double truth(double p) {
    return TRUE_CURVE.apply((float) p);
  }

  @Test
  void knotsAreEvenInLogDepthFromTheFirstToTheLast() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);

    assertThat(fit.bins().stream().mapToDouble(DepthCalibrationFit.Bin::knot).toArray())
        .containsExactly(new double[] {1.0, 10.0, 100.0}, within(1e-9));
  }

  @Test
  void truthThatIsACurveOfTheFamilyIsRecovered() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);
    Random random = new Random(1);
    for (int i = 0; i < 5_000; i++) {
      double p = Math.exp(random.nextDouble() * Math.log(100));
      fit.add(p, truth(p));
    }

    DepthCalibration c = fit.fit(1, List.of("data"), "cmd");

    assertCurve(c, 0.01); // the ridge holds each knot a little toward its bin-by-bin gain
    assertThat(c.data()).containsExactly("data");
    assertThat(c.command()).isEqualTo("cmd");
  }

  @Test
  void pixelsThatBlendTwoCorrectedDepthsAreFittedAsTheyAreMeasured() {
    // Every measured pixel is half a near cell and half a far one, each corrected before the
    // blend, as the engine corrects at model resolution and then enlarges. A bin-by-bin fit of the
    // blended value (about 26 m) cannot recover the curve; least squares over the taps does.
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);
    Random random = new Random(2);
    for (int i = 0; i < 5_000; i++) {
      double near = 1 + 9 * random.nextDouble();
      double far = 10 + 90 * random.nextDouble();
      double w = random.nextDouble();
      fit.add(
          new double[] {near, far},
          new double[] {w, 1 - w},
          2,
          w * truth(near) + (1 - w) * truth(far));
    }

    DepthCalibration c = fit.fit(1, List.of(), "cmd");

    assertCurve(c, 0.01);
  }

  @Test
  void aPixelReadThroughASamplerCountsAsItsTapsWhateverTheirNumber() {
    // 64x48 shrunk to 8x6 reads 81 model pixels for each measured one (area averaging).
    Random random = new Random(3);
    float[] model = new float[64 * 48];
    for (int i = 0; i < model.length; i++) {
      model[i] = 1 + 99 * random.nextFloat();
    }
    io.depthstream.core.image.Resampling.PlaneSampler sampler =
        io.depthstream.core.image.Resampling.sampler(model, 64, 48, 8, 6);
    DepthCalibrationFit throughSampler = new DepthCalibrationFit(1, 100, 3);
    DepthCalibrationFit byHand = new DepthCalibrationFit(1, 100, 3);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 8; x++) {
        double truth = 5 + x + y;
        throughSampler.add(sampler, model, x, y, truth);
        java.util.List<double[]> taps = new java.util.ArrayList<>();
        sampler.taps(x, y, (index, w) -> taps.add(new double[] {model[index], w}));
        assertThat(taps).hasSizeGreaterThan(16);
        byHand.add(
            taps.stream().mapToDouble(t -> t[0]).toArray(),
            taps.stream().mapToDouble(t -> t[1]).toArray(),
            taps.size(),
            truth);
      }
    }

    assertThat(values(throughSampler.fit(1, List.of(), "").calibrated()))
        .containsExactly(values(byHand.fit(1, List.of(), "").calibrated()), within(1e-12));
  }

  @Test
  void aKnotNoPixelReachesFollowsItsTrustedNeighboursGainAndNoneTrustedIsRefused() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);
    for (int i = 0; i < 1_000; i++) {
      fit.add(1, 1.1);
    }

    DepthCalibration c = fit.fit(5, List.of(), "cmd");

    assertThat(values(c.calibrated()))
        .containsExactly(new double[] {1.1, 11.0, 110.0}, within(1e-3));
    assertThat(fit.bins().get(0).weight()).isEqualTo(1_000);
    assertThat(fit.bins().get(0).gain()).isCloseTo(1.1, within(1e-9));
    assertThatThrownBy(() -> new DepthCalibrationFit(1, 100, 3).fit(5, List.of(), "cmd"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--min-pixels");
  }

  @Test
  void gainsThatWouldReorderDepthsAreMadeToRise() {
    DepthCalibrationFit fit = new DepthCalibrationFit(1, 100, 3);
    for (int i = 0; i < 100; i++) {
      fit.add(1, 1);
      fit.add(10, 20);
      fit.add(100, 15); // the far knot would land nearer than the middle one
    }

    DepthCalibration c = fit.fit(1, List.of(), "cmd");

    assertThat(c.calibrated().get(2)).isGreaterThan(c.calibrated().get(1));
  }

  @Test
  void aModelThatPredictsTheMedianOfASkewedTruthIsCorrectedToItsMean() {
    // At prediction p the truth is p·e^(s·z), z standard normal: its mean is p·e^(s²/2) > p.
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
      assertThat(c.calibrated().get(i) / c.knots().get(i)).isCloseTo(expectedGain, within(0.03));
    }
  }

  /** {@code c} is the true curve to within {@code share} of each calibrated depth. */
  private static void assertCurve(DepthCalibration c, double share) {
    double[] want = {1.2, 11.0, 90.0};
    for (int i = 0; i < want.length; i++) {
      assertThat(c.calibrated().get(i)).as("knot " + i).isCloseTo(want[i], within(share * want[i]));
    }
  }

  private static double[] values(List<Double> list) {
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
