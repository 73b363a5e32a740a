package io.depthstream.trainer.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pixel-wise softmax cross-entropy over K depth-bin logits, as a SameDiff sub-graph of primitive
 * ops: per pixel {@code log Σ_i exp(z_i) − z_label}, averaged over the pixels the mask keeps (no
 * ground truth, or depth beyond the last bin, are masked out as DORN's loss ignores them). The
 * logits are shifted by their per-pixel maximum first, so exp cannot overflow; the shift cancels
 * between the two terms and carries no gradient.
 */
public final class BinCrossEntropy {

  private BinCrossEntropy() {}

  /**
   * Adds the scalar loss {@code name}.
   *
   * @param logits [N, K, h, w]
   * @param oneHot [N, K, h, w], 1 at each kept pixel's bin, 0 elsewhere (all 0 at ignored pixels)
   * @param mask [N, 1, h, w], 1 where the pixel counts
   */
  public static SDVariable build(
      SameDiff sd, String name, SDVariable logits, SDVariable oneHot, SDVariable mask) {
    SDVariable shifted = logits.sub(logits.max(true, 1));
    SDVariable logSumExp = sd.math().log(sd.math().exp(shifted).sum(true, 1));
    SDVariable labelLogit = shifted.mul(oneHot).sum(true, 1);
    SDVariable perPixel = logSumExp.sub(labelLogit);
    // the mask sums to the pixel count, so max(count, 1) is exact when any pixel counts
    SDVariable count = sd.math().max(mask.sum(), sd.constant(Nd4j.scalar(logits.dataType(), 1.0)));
    return perPixel.mul(mask).sum().div(name, count);
  }
}
