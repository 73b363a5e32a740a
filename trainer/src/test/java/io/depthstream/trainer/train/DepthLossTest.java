package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.trainer.model.FiniteDifferences;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DepthLossTest {

  private static double loss(LossKind kind, double[] p, double[] t, double[] m, int h, int w) {
    return loss(TrainingLoss.of(kind), p, t, m, h, w);
  }

  private static double loss(TrainingLoss loss, double[] p, double[] t, double[] m, int h, int w) {
    SameDiff sd = SameDiff.create();
    SDVariable pred = sd.var("p", Nd4j.createFromArray(p).reshape(1, 1, h, w));
    SDVariable target = sd.constant(Nd4j.createFromArray(t).reshape(1, 1, h, w));
    SDVariable mask = sd.constant(Nd4j.createFromArray(m).reshape(1, 1, h, w));
    DepthLoss.build(sd, "loss", loss, pred, target, mask, h, w);
    return sd.output(Map.of(), "loss").get("loss").getDouble(0);
  }

  @Test
  void l1AveragesOverValidPixelsOnly() {
    double l =
        loss(
            LossKind.L1,
            new double[] {1, 2, 3, 4},
            new double[] {1, 1, 1, 1},
            new double[] {1, 1, 1, 0},
            2,
            2);
    assertThat(l).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void gradientTermComparesNeighbourDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable p = sd.var("p", Nd4j.createFromArray(1.0, 2.0, 3.0, 5.0).reshape(1, 1, 2, 2));
    SDVariable t = sd.constant(Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2));
    SDVariable m = sd.constant(Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2));
    new DepthLossProbe(sd).gradient(p, t, m).rename("g");
    // vertical differences 2 and 3, horizontal 1 and 2, target flat: 2.5 + 1.5
    assertThat(sd.output(Map.of(), "g").get("g").getDouble(0)).isCloseTo(4.0, within(1e-6));
  }

  @Test
  void perfectPredictionCostsNothing() {
    double[] t = new double[64];
    for (int i = 0; i < t.length; i++) {
      t[i] = 1 + (i * 37 % 50);
    }
    double[] ones = new double[64];
    java.util.Arrays.fill(ones, 1);
    assertThat(loss(LossKind.DENSEDEPTH, t, t, ones, 8, 8)).isCloseTo(0.0, within(1e-6));
    assertThat(loss(LossKind.L1_SSIM, t, t, ones, 8, 8)).isCloseTo(0.0, within(1e-6));
  }

  @Test
  void scaleInvariantLossIgnoresAGlobalScale() {
    double[] t = {2, 4, 8, 16};
    double[] p = {4, 8, 16, 32};
    double[] ones = {1, 1, 1, 1};
    double d = Math.log(2);
    assertThat(loss(LossKind.SILOG, p, t, ones, 2, 2)).isCloseTo(d * d - 0.5 * d * d, within(1e-9));
  }

  @Test
  void denseDepthSilogIsDenseDepthPlusTenTimesSilog() {
    int h = 12;
    int w = 12;
    RandomMaps maps = RandomMaps.draw(5, h * w, 0.6);
    double[] p = maps.prediction();
    double[] t = maps.target();
    double[] m = maps.mask();
    // the silog term by hand: d = ln p − ln t over valid pixels, mean(d²) − ½·mean(d)²
    double sum = 0;
    double sumSq = 0;
    int n = 0;
    for (int i = 0; i < p.length; i++) {
      if (m[i] == 1) {
        double d = Math.log(p[i]) - Math.log(t[i]);
        sum += d;
        sumSq += d * d;
        n++;
      }
    }
    double silog = sumSq / n - 0.5 * (sum / n) * (sum / n);
    assertThat(loss(LossKind.SILOG, p, t, m, h, w)).isCloseTo(silog, within(1e-9));
    assertThat(loss(LossKind.DENSEDEPTH_SILOG, p, t, m, h, w))
        .isCloseTo(loss(LossKind.DENSEDEPTH, p, t, m, h, w) + 10 * silog, within(1e-9));
  }

  @Test
  void theMetricVariantAddsAHundredTimesTheSquaredErrorAsAShareOfTheRange() {
    int h = 12;
    int w = 12;
    RandomMaps maps = RandomMaps.draw(7, h * w, 0.6);
    double[] p = maps.prediction();
    double[] t = maps.target();
    double[] m = maps.mask();
    // by hand: targets are maxDepth/d, so 1/y is d/maxDepth
    double sumSq = 0;
    int n = 0;
    for (int i = 0; i < p.length; i++) {
      if (m[i] == 1) {
        double e = 1 / p[i] - 1 / t[i];
        sumSq += e * e;
        n++;
      }
    }
    assertThat(loss(LossKind.DENSEDEPTH_SILOG_METRIC, p, t, m, h, w))
        .isCloseTo(loss(LossKind.DENSEDEPTH_SILOG, p, t, m, h, w) + 100 * sumSq / n, within(1e-9));
    // --metric-weight 300 weighs the same term three times as much, and nothing else
    assertThat(loss(new TrainingLoss(LossKind.DENSEDEPTH_SILOG_METRIC, 300), p, t, m, h, w))
        .isCloseTo(loss(LossKind.DENSEDEPTH_SILOG, p, t, m, h, w) + 300 * sumSq / n, within(1e-9));
  }

  @Test
  void theMetricTermPricesAPredictionBeyondTheRangeAsTheRangesEnd() {
    int h = 12;
    int w = 12;
    RandomMaps maps = RandomMaps.draw(13, h * w, 0.6);
    double[] t = maps.target();
    double[] m = maps.mask();
    double[] atEnd = maps.prediction().clone();
    double[] beyond = maps.prediction().clone();
    for (int i = 0; i < atEnd.length; i += 3) {
      atEnd[i] = 1.0; // the range's end: maxDepth
      beyond[i] = 0.05; // 20 times beyond it, which the service would publish as maxDepth
    }
    double withAtEnd = loss(LossKind.DENSEDEPTH_SILOG_METRIC, atEnd, t, m, h, w);
    double withBeyond = loss(LossKind.DENSEDEPTH_SILOG_METRIC, beyond, t, m, h, w);
    // the other terms do see the difference; the metric term must not: it stays at most 1 a pixel
    double othersAtEnd = loss(LossKind.DENSEDEPTH_SILOG, atEnd, t, m, h, w);
    double othersBeyond = loss(LossKind.DENSEDEPTH_SILOG, beyond, t, m, h, w);
    assertThat(withBeyond - othersBeyond).isCloseTo(withAtEnd - othersAtEnd, within(1e-9));
    assertThat(withAtEnd - othersAtEnd).isLessThanOrEqualTo(100.0);
  }

  /** DenseDepth's loss on {@code pred} ([N, 1, h, w]) as "loss". */
  private static void addDenseDepthLoss(SameDiff sd, SDVariable pred, INDArray t, INDArray m) {
    int h = (int) t.size(2);
    int w = (int) t.size(3);
    TrainingLoss loss = TrainingLoss.of(LossKind.DENSEDEPTH);
    DepthLoss.build(sd, "loss", loss, pred, sd.constant(t), sd.constant(m), h, w);
  }

  @Test
  void denseDepthLossGradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Nd4j.getRandom().setSeed(3);
    INDArray p = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8).mul(40).add(5);
    INDArray t = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8).mul(40).add(5);
    INDArray m = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8).gt(0.2).castTo(DataType.DOUBLE);
    SDVariable pred = sd.var("p", p);
    addDenseDepthLoss(sd, pred, t, m);
    FiniteDifferences.check(sd, "loss", Map.of(), 25, "p");
  }

  @Test
  void denseDepthLossGradientMatchesFiniteDifferencesWithTheFullSsimWindow() {
    SameDiff sd = SameDiff.create();
    Nd4j.getRandom().setSeed(5);
    INDArray p = Nd4j.rand(DataType.DOUBLE, 1, 1, 13, 14).mul(40).add(5);
    INDArray t = Nd4j.rand(DataType.DOUBLE, 1, 1, 13, 14).mul(40).add(5);
    INDArray m = Nd4j.rand(DataType.DOUBLE, 1, 1, 13, 14).gt(0.5).castTo(DataType.DOUBLE);
    SDVariable pred = sd.var("p", p);
    addDenseDepthLoss(sd, pred, t, m);
    FiniteDifferences.check(sd, "loss", Map.of(), 25, "p");
  }

  @Test
  void aPixelWithoutGroundTruthGetsExactlyZeroGradient() {
    int h = 16;
    int w = 20;
    RandomMaps maps = RandomMaps.draw(11, h * w, 0.3); // sparse, like projected LiDAR
    double[] p = maps.prediction();
    double[] t = maps.target();
    double[] m = maps.mask();
    for (LossKind kind :
        List.of(
            LossKind.DENSEDEPTH,
            LossKind.DENSEDEPTH_SILOG,
            LossKind.DENSEDEPTH_SILOG_METRIC,
            LossKind.L1_SSIM,
            LossKind.L1)) {
      SameDiff sd = SameDiff.create();
      SDVariable pred = sd.var("p", Nd4j.createFromArray(p).reshape(1, 1, h, w));
      DepthLoss.build(
          sd,
          "loss",
          TrainingLoss.of(kind),
          pred,
          sd.constant(Nd4j.createFromArray(t).reshape(1, 1, h, w)),
          sd.constant(Nd4j.createFromArray(m).reshape(1, 1, h, w)),
          h,
          w);
      double[] grad = sd.calculateGradients(Map.of(), "p").get("p").reshape(h * w).toDoubleVector();
      int validMoved = 0;
      for (int i = 0; i < grad.length; i++) {
        if (m[i] == 0) {
          assertThat(grad[i]).as("%s: gradient at pixel %d without ground truth", kind, i).isZero();
        } else if (grad[i] != 0) {
          validMoved++;
        }
      }
      assertThat(validMoved).as("%s: valid pixels with a gradient", kind).isGreaterThan(50);
    }
  }

  @Test
  void valuesWhereThereIsNoGroundTruthDoNotChangeTheLoss() {
    int h = 12;
    int w = 12;
    RandomMaps maps = RandomMaps.draw(3, h * w, 0.5);
    double[] p = maps.prediction();
    double[] t = maps.target();
    double[] m = maps.mask();
    double before = loss(LossKind.DENSEDEPTH, p, t, m, h, w);
    Random random = new Random(4);
    for (int i = 0; i < p.length; i++) {
      if (m[i] == 0) {
        p[i] = 1 + 99 * random.nextDouble();
        t[i] = 1; // what DepthTarget writes there
      }
    }
    assertThat(loss(LossKind.DENSEDEPTH, p, t, m, h, w)).isCloseTo(before, within(1e-12));
  }

  @Test
  void ssimOfTwoConstantMapsIsItsLuminanceTerm() {
    // σ = 0, so SSIM = (2·2·4 + c1)/(2² + 4² + c1) with c1 = (0.01·100)² = 1: 17/21, and the
    // term is (1 − 17/21)/2 = 2/21, whatever the window and mask
    double[] p = new double[15 * 15];
    double[] t = new double[15 * 15];
    double[] m = new double[15 * 15];
    java.util.Arrays.fill(p, 2);
    java.util.Arrays.fill(t, 4);
    for (int i = 0; i < m.length; i++) {
      m[i] = i % 3 == 0 ? 1 : 0;
    }
    assertThat(ssimTerm(p, t, m, 15, 15)).isCloseTo(2.0 / 21, within(1e-12));
  }

  @Test
  void ssimWindowIsDenseDepthsElevenByElevenGaussian() {
    double[][] g = DepthLoss.gaussianWindow(11, 1.5);
    double sum1d = 0;
    for (int i = -5; i <= 5; i++) {
      sum1d += Math.exp(-i * i / 4.5);
    }
    assertThat(g[5][5]).isCloseTo(1 / (sum1d * sum1d), within(1e-15));
    assertThat(g[0][3]).isCloseTo(Math.exp(-(25 + 4) / 4.5) / (sum1d * sum1d), within(1e-15));
    assertThat(java.util.Arrays.stream(g).flatMapToDouble(java.util.Arrays::stream).sum())
        .isCloseTo(1.0, within(1e-12));
    assertThat(DepthLoss.ssimWindow(240, 320)).isEqualTo(11);
    assertThat(DepthLoss.ssimWindow(11, 40)).isEqualTo(11);
    assertThat(DepthLoss.ssimWindow(10, 40)).isEqualTo(9);
    assertThat(DepthLoss.ssimWindow(8, 8)).isEqualTo(7);
  }

  @Test
  void denseMaskSsimEqualsPlainSsim() {
    int h = 18;
    int w = 23;
    Random random = new Random(21);
    double[] p = new double[h * w];
    double[] t = new double[h * w];
    double[] ones = new double[h * w];
    for (int i = 0; i < p.length; i++) {
      // smooth fields plus noise, so the windows' variances and covariances matter
      int y = i / w;
      int x = i % w;
      t[i] = 20 + 15 * Math.sin(x / 4.0) + 10 * Math.cos(y / 5.0) + 3 * random.nextDouble();
      p[i] = t[i] * (0.8 + 0.4 * random.nextDouble()) + 5;
      ones[i] = 1;
    }
    double expected = PlainSsim.term(p, t, ones, h, w, 11, 1.5, DepthLoss.SSIM_RANGE);
    assertThat(expected).isBetween(0.01, 0.5); // a real difference, not a trivial 0
    assertThat(ssimTerm(p, t, ones, h, w)).isCloseTo(expected, within(1e-10));
  }

  @Test
  void sparseMaskSsimEqualsAnIndependentMaskedSsim() {
    int h = 17;
    int w = 21;
    RandomMaps maps = RandomMaps.draw(8, h * w, 0.25);
    double[] p = maps.prediction();
    double[] t = maps.target();
    double[] m = maps.mask();
    double expected = PlainSsim.term(p, t, m, h, w, 11, 1.5, DepthLoss.SSIM_RANGE);
    assertThat(ssimTerm(p, t, m, h, w)).isCloseTo(expected, within(1e-10));
    // and the mask matters: the unmasked SSIM of the same maps differs
    double[] ones = new double[h * w];
    java.util.Arrays.fill(ones, 1);
    assertThat(PlainSsim.term(p, t, ones, h, w, 11, 1.5, DepthLoss.SSIM_RANGE))
        .isNotCloseTo(expected, within(1e-3));
  }

  private static double ssimTerm(double[] p, double[] t, double[] m, int h, int w) {
    SameDiff sd = SameDiff.create();
    SDVariable pred = sd.var("p", Nd4j.createFromArray(p).reshape(1, 1, h, w));
    SDVariable target = sd.constant(Nd4j.createFromArray(t).reshape(1, 1, h, w));
    SDVariable mask = sd.constant(Nd4j.createFromArray(m).reshape(1, 1, h, w));
    DepthLoss.termsFor(sd, pred).ssimTerm(pred, target, mask, h, w).rename("ssim");
    return sd.output(Map.of(), "ssim").get("ssim").getDouble(0);
  }

  /**
   * Prediction and target drawn uniformly from the target range [1, 100], and a mask that keeps
   * each pixel with probability {@code validFraction}.
   */
  private record RandomMaps(double[] prediction, double[] target, double[] mask) {
    static RandomMaps draw(long seed, int pixels, double validFraction) {
      Random random = new Random(seed);
      double[] p = new double[pixels];
      double[] t = new double[pixels];
      double[] m = new double[pixels];
      for (int i = 0; i < pixels; i++) {
        p[i] = 1 + 99 * random.nextDouble();
        t[i] = 1 + 99 * random.nextDouble();
        m[i] = random.nextDouble() < validFraction ? 1 : 0;
      }
      return new RandomMaps(p, t, m);
    }
  }

  /** Reaches the package-private terms for hand-computed checks. */
  private static final class DepthLossProbe {
    private final SameDiff sd;

    DepthLossProbe(SameDiff sd) {
      this.sd = sd;
    }

    SDVariable gradient(SDVariable p, SDVariable t, SDVariable m) {
      return DepthLoss.termsFor(sd, p).gradientL1(p, t, m);
    }
  }
}
