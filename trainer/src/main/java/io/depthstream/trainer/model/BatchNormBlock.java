package io.depthstream.trainer.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Batch normalisation built from primitive SameDiff ops, because SameDiff's own batchNorm op has no
 * working gradient. In training it normalises with the batch's mean and (biased) variance over N,
 * H, W and exposes both so the trainer can update the running statistics; in inference it uses the
 * running statistics.
 */
public final class BatchNormBlock {

  /** Suffix of the batch-mean variable a training graph exposes for layer {@code name}. */
  public static final String BATCH_MEAN = "/batch_mean";

  /** Suffix of the batch-variance variable (biased, over N·H·W values). */
  public static final String BATCH_VARIANCE = "/batch_variance";

  private BatchNormBlock() {}

  /** y = (x − mean_batch)/√(var_batch + eps)·gamma + beta, for x of shape [N, C, H, W]. */
  public static SDVariable training(
      SameDiff sd, String name, SDVariable x, SDVariable gamma, SDVariable beta, double eps) {
    long c = gamma.getShape()[0];
    SDVariable mean = x.mean(name + BATCH_MEAN, true, 0, 2, 3);
    SDVariable centred = x.sub(mean);
    SDVariable variance = centred.mul(centred).mean(name + BATCH_VARIANCE, true, 0, 2, 3);
    SDVariable inverseStd = variance.add(eps).pow(-0.5);
    return centred
        .mul(inverseStd)
        .mul(gamma.reshape(1, c, 1, 1))
        .add(name, beta.reshape(1, c, 1, 1));
  }

  /**
   * y = x·scale + shift with scale = gamma/√(moving_var + eps), shift = beta − moving_mean·scale.
   */
  public static SDVariable inference(
      SameDiff sd,
      String name,
      SDVariable x,
      SDVariable gamma,
      SDVariable beta,
      SDVariable movingMean,
      SDVariable movingVariance,
      double eps) {
    long c = gamma.getShape()[0];
    SDVariable scale = gamma.mul(movingVariance.add(eps).pow(-0.5));
    SDVariable shift = beta.sub(movingMean.mul(scale));
    return x.mul(scale.reshape(1, c, 1, 1)).add(name, shift.reshape(1, c, 1, 1));
  }
}
