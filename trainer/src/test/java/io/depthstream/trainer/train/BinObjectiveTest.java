package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthBins;
import io.depthstream.trainer.model.TensorShape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BinObjectiveTest {

  /** Uniform bins over [1, 4] m: edges 1, 2, 3, 4; centres 1.5, 2.5, 3.5. */
  private final BinObjective objective = new BinObjective(DepthBins.uniform(3, 1, 4));

  /** One image of 1 × 5: no depth, 1.5 m, 3.9 m, beyond β, below α. */
  private static final float[] TRUTH = {0f, 1.5f, 3.9f, 5f, 0.5f};

  private static final TensorShape OUT = new TensorShape(3, 1, 5);

  @Test
  void labelsIgnoreMissingAndTooFarDepthAndKeepTooNearInTheFirstBin() {
    assertThat(objective.labels(TRUTH, 1, OUT)).containsExactly(-1, 0, 2, -1, 0);
  }

  @Test
  void targetsAreOneHotPerChannelWithAMask() {
    Map<String, INDArray> feed = objective.targets(TRUTH, 1, OUT, DataType.FLOAT);
    INDArray oneHot = feed.get(BinObjective.ONE_HOT);
    assertThat(oneHot.shape()).containsExactly(1, 3, 1, 5);
    assertThat(
            oneHot
                .get(org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                .reshape(3, 5)
                .toFloatMatrix())
        .isEqualTo(
            new float[][] {
              {0, 1, 0, 0, 1},
              {0, 0, 0, 0, 0},
              {0, 0, 1, 0, 0}
            });
    assertThat(feed.get(BinObjective.MASK).reshape(5).toFloatVector())
        .containsExactly(0, 1, 1, 0, 1);
  }

  @Test
  void startingBiasIsTheSmoothedLogShareOfEachBin() {
    // labelled pixels: two in bin 0, none in bin 1, one in bin 2; add-one over 3 + 3
    assertThat(objective.startingBias(TRUTH))
        .containsExactly(
            new double[] {Math.log(3 / 6.0), Math.log(1 / 6.0), Math.log(2 / 6.0)}, within(1e-12));
  }

  @Test
  void depthIsTheSoftmaxExpectationOverBinCentres() {
    // models/README's example: logits (0, 1, 2) → softmax (0.090, 0.245, 0.665) → 3.075 m
    float[] logits = {0f, 1f, 2f};
    float[] metres = objective.depth(logits, 1, new TensorShape(3, 1, 1));
    assertThat(metres[0]).isCloseTo(3.075f, within(5e-4f));
    assertThat(logits).containsExactly(0f, 1f, 2f); // the network output is left alone
  }
}
