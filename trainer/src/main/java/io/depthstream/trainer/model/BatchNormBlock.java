package io.depthstream.trainer.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

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

  private static final Conv2DConfig ONE_BY_ONE =
      Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).dataFormat("NCHW").build();

  private BatchNormBlock() {}

  /** y = (x − mean_batch)/√(var_batch + eps)·gamma + beta, for x of shape [N, C, H, W]. */
  public static SDVariable training(
      SameDiff sd, String name, SDVariable x, SDVariable gamma, SDVariable beta, double eps) {
    long c = gamma.getShape()[0];
    SDVariable mean = x.mean(name + BATCH_MEAN, true, 0, 2, 3);
    SDVariable centred = x.sub(mean);
    SDVariable variance = sd.math().square(centred).mean(name + BATCH_VARIANCE, true, 0, 2, 3);
    SDVariable scale = variance.add(eps).pow(-0.5).reshape(c).mul(gamma);
    // The per-channel scale and shift as one 1×1 depthwise convolution: libnd4j's backprop of a
    // broadcast multiply and add reduces over N, H, W far more slowly than the convolution's own
    // (a step of densedepth-mini spent half its op time in multiply_bp; BENCHMARKS.md, "Training
    // speed").
    return sd.cnn().depthWiseConv2d(name, centred, scale.reshape(1, 1, c, 1), beta, ONE_BY_ONE);
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
