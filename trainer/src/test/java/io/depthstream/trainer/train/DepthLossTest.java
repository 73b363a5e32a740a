package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.trainer.model.FiniteDifferences;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DepthLossTest {

  private static double loss(LossKind kind, double[] p, double[] t, double[] m, int h, int w) {
    SameDiff sd = SameDiff.create();
    SDVariable pred = sd.var("p", Nd4j.createFromArray(p).reshape(1, 1, h, w));
    SDVariable target = sd.constant(Nd4j.createFromArray(t).reshape(1, 1, h, w));
    SDVariable mask = sd.constant(Nd4j.createFromArray(m).reshape(1, 1, h, w));
    DepthLoss.build(sd, "loss", kind, pred, target, mask, h, w);
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
  void denseDepthLossGradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Nd4j.getRandom().setSeed(3);
    INDArray p = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8).mul(40).add(5);
    INDArray t = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8).mul(40).add(5);
    INDArray m = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8).gt(0.2).castTo(DataType.DOUBLE);
    SDVariable pred = sd.var("p", p);
    DepthLoss.build(sd, "loss", LossKind.DENSEDEPTH, pred, sd.constant(t), sd.constant(m), 8, 8);
    FiniteDifferences.check(sd, "loss", Map.of(), 25, "p");
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
