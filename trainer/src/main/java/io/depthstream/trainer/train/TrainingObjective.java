package io.depthstream.trainer.train;

import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.TensorShape;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the network's output is trained towards and how it reads back as metres: DenseDepth's
 * regression of {@code maxDepth/d} ({@link RegressionObjective}), or classification over depth bins
 * ({@link BinObjective}). The {@link Trainer} builds the loss, feeds targets, starts the output
 * biases and scores validation through it, so both heads share one training loop and one evaluator.
 */
public sealed interface TrainingObjective permits RegressionObjective, BinObjective {

  /**
   * Adds this objective's target placeholders and the scalar loss {@code name} on {@code output}
   * (shape [N, C, h, w] with {@code out} its per-image shape).
   */
  SDVariable addLoss(SameDiff sd, String name, SDVariable output, TensorShape out);

  /**
   * Values for the placeholders {@link #addLoss} made, from ground truth in metres ({@code images}
   * maps of the output's h × w, 0 = invalid).
   */
  Map<String, INDArray> targets(float[] groundTruth, int images, TensorShape out, DataType type);

  /** Metres per pixel, [N, h, w] flattened, from the network's output [N, C, h, w] flattened. */
  float[] depth(float[] output, int images, TensorShape out);

  /**
   * Output biases that make a fresh network predict the data's typical depth (regression: the mean
   * target; bins: the log of each bin's share), one per output channel, from ground truth as for
   * {@link #targets}.
   */
  double[] startingBias(float[] groundTruth);

  /**
   * The objective for {@code config}'s head trained with {@code loss}.
   *
   * @throws IllegalArgumentException when the loss does not fit the head, naming the fix
   */
  static TrainingObjective of(ModelConfig config, TrainingLoss training) {
    LossKind loss = training.kind();
    if (config.head().isClassification()) {
      if (loss != LossKind.CROSS_ENTROPY) {
        throw new IllegalArgumentException(
            "--loss "
                + loss.id()
                + " scores one-channel depth, but --head "
                + config.head().kind().id()
                + " predicts "
                + config.head().bins()
                + " bin logits; use --loss "
                + LossKind.CROSS_ENTROPY.id()
                + " (the default for classification heads)");
      }
      return new BinObjective(config.bins());
    }
    if (loss == LossKind.CROSS_ENTROPY) {
      throw new IllegalArgumentException(
          "--loss "
              + loss.id()
              + " needs a classification head; add --head sid --bins "
              + DepthHead.DEFAULT_BINS
              + " or pick a regression loss");
    }
    return new RegressionObjective(new DepthTarget(config.maxDepth()), training);
  }
}
