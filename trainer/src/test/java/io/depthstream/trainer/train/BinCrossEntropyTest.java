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

class BinCrossEntropyTest {

  /** Two pixels of three bins: logits (0, 1, 2) labelled bin 2, (5, 5, 5) labelled bin 0. */
  private static SameDiff twoPixels(double secondMask) {
    SameDiff sd = SameDiff.create();
    // [N=1, K=3, h=1, w=2]: channel-major, so pixel p's logit for bin i sits at [0, i, 0, p]
    SDVariable logits =
        sd.var("logits", Nd4j.createFromArray(0.0, 5.0, 1.0, 5.0, 2.0, 5.0).reshape(1, 3, 1, 2));
    SDVariable oneHot =
        sd.constant(Nd4j.createFromArray(0.0, 1.0, 0.0, 0.0, 1.0, 0.0).reshape(1, 3, 1, 2));
    SDVariable mask = sd.constant(Nd4j.createFromArray(1.0, secondMask).reshape(1, 1, 1, 2));
    BinCrossEntropy.build(sd, "loss", logits, oneHot, mask);
    return sd;
  }

  @Test
  void isTheMeanNegativeLogSoftmaxOfTheLabelledBin() {
    double first = Math.log(1 + Math.E + Math.E * Math.E) - 2; // −ln softmax(0,1,2)[2] = 0.4076
    double second = Math.log(3); // uniform over three bins
    double loss = twoPixels(1.0).output(Map.of(), "loss").get("loss").getDouble(0);
    assertThat(loss).isCloseTo((first + second) / 2, within(1e-12));
  }

  @Test
  void maskedPixelsDoNotCount() {
    double first = Math.log(1 + Math.E + Math.E * Math.E) - 2;
    double loss = twoPixels(0.0).output(Map.of(), "loss").get("loss").getDouble(0);
    assertThat(loss).isCloseTo(first, within(1e-12));
  }

  @Test
  void hugeLogitsStayFinite() {
    SameDiff sd = SameDiff.create();
    SDVariable logits =
        sd.var(
            "logits", Nd4j.createFromArray(1000.0, 0.0).reshape(1, 2, 1, 1).castTo(DataType.FLOAT));
    SDVariable oneHot =
        sd.constant(Nd4j.createFromArray(0.0, 1.0).reshape(1, 2, 1, 1).castTo(DataType.FLOAT));
    SDVariable mask = sd.constant(Nd4j.ones(DataType.FLOAT, 1, 1, 1, 1));
    BinCrossEntropy.build(sd, "loss", logits, oneHot, mask);
    assertThat(sd.output(Map.of(), "loss").get("loss").getDouble(0)).isCloseTo(1000, within(1e-3));
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Nd4j.getRandom().setSeed(3);
    SDVariable logits = sd.var("logits", Nd4j.randn(DataType.DOUBLE, 2, 5, 3, 4).mul(3));
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 5, 3, 4);
    INDArray mask = Nd4j.zeros(DataType.DOUBLE, 2, 1, 3, 4);
    for (int n = 0; n < 2; n++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          if ((n + y + x) % 4 != 0) { // every fourth pixel ignored
            labels.putScalar(new long[] {n, (n + 2 * y + x) % 5, y, x}, 1.0);
            mask.putScalar(new long[] {n, 0, y, x}, 1.0);
          }
        }
      }
    }
    BinCrossEntropy.build(sd, "loss", logits, sd.constant(labels), sd.constant(mask));
    FiniteDifferences.check(sd, "loss", Map.of(), 30, "logits");
  }
}
