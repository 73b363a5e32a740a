package io.depthstream.trainer.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training losses as SameDiff sub-graphs on prediction, target and validity mask, all [N, 1, h,
 * w] in target units ({@link DepthTarget}, values in [1, 100]). Every term is built from
 * differentiable primitives: image gradients and SSIM's local statistics are fixed-kernel
 * convolutions. L1 and gradient terms skip invalid pixels; SSIM sees them as "far" (target 1).
 */
public final class DepthLoss {

  /** DenseDepth's weight of the L1 term. */
  public static final double L1_WEIGHT = 0.1;

  /** SSIM's dynamic range: targets span [1, 100] (DenseDepth's maxDepthVal = 1000/10). */
  public static final double SSIM_RANGE = 100.0;

  private static final double SSIM_SIGMA = 1.5;

  private final SameDiff sd;
  private final DataType type;

  private DepthLoss(SameDiff sd, DataType type) {
    this.sd = sd;
    this.type = type;
  }

  /** The individual terms, for tests that check them one by one. */
  static DepthLoss termsFor(SameDiff sd, SDVariable prediction) {
    return new DepthLoss(sd, prediction.dataType());
  }

  /**
   * Adds the loss named {@code name} (a scalar) to {@code sd}; {@code height × width} is the size
   * of the prediction.
   */
  public static SDVariable build(
      SameDiff sd,
      String name,
      LossKind kind,
      SDVariable prediction,
      SDVariable target,
      SDVariable mask,
      int height,
      int width) {
    DepthLoss l = new DepthLoss(sd, prediction.dataType());
    SDVariable loss =
        switch (kind) {
          case DENSEDEPTH ->
              l.l1(prediction, target, mask)
                  .mul(L1_WEIGHT)
                  .add(l.gradientL1(prediction, target, mask))
                  .add(l.ssimTerm(prediction, target, height, width));
          case L1_SSIM ->
              l.l1(prediction, target, mask)
                  .mul(L1_WEIGHT)
                  .add(l.ssimTerm(prediction, target, height, width));
          case L1 -> l.l1(prediction, target, mask);
          case SILOG -> l.scaleInvariantLog(prediction, target, mask);
          case CROSS_ENTROPY ->
              throw new IllegalArgumentException(
                  "cross-entropy scores bin logits, not one-channel depth; see BinCrossEntropy");
        };
    return loss.rename(name);
  }

  private SDVariable maskedMean(SDVariable values, SDVariable mask) {
    // mask sums count pixels, so max(count, 1) is exact when any is valid and safe when none is
    SDVariable count = sd.math().max(mask.sum(), sd.constant(Nd4j.scalar(type, 1.0)));
    return values.mul(mask).sum().div(count);
  }

  SDVariable l1(SDVariable p, SDVariable t, SDVariable m) {
    return maskedMean(sd.math().abs(p.sub(t)), m);
  }

  /** Mean |Δp − Δt| over vertical plus horizontal neighbour pairs that are both valid. */
  SDVariable gradientL1(SDVariable p, SDVariable t, SDVariable m) {
    SDVariable total = null;
    for (int[] k : new int[][] {{2, 1}, {1, 2}}) {
      SDVariable diff =
          sd.constant(Nd4j.createFromArray(-1.0, 1.0).reshape(k[0], k[1], 1, 1).castTo(type));
      SDVariable pairs = sd.constant(Nd4j.ones(DataType.DOUBLE, k[0], k[1], 1, 1).castTo(type));
      SDVariable dp = conv(p, diff, k[0], k[1]);
      SDVariable dt = conv(t, diff, k[0], k[1]);
      SDVariable bothValid = sd.math().clipByValue(conv(m, pairs, k[0], k[1]).sub(1.0), 0.0, 1.0);
      SDVariable term = maskedMean(sd.math().abs(dp.sub(dt)), bothValid);
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  /** clip((1 − mean SSIM)/2, 0, 1) with a Gaussian window (7×7, σ 1.5; 3×3 on tiny maps). */
  SDVariable ssimTerm(SDVariable p, SDVariable t, int height, int width) {
    int k = Math.min(height, width) >= 7 ? 7 : 3;
    SDVariable window =
        sd.constant(Nd4j.create(gaussianWindow(k, SSIM_SIGMA)).reshape(k, k, 1, 1).castTo(type));
    double c1 = Math.pow(0.01 * SSIM_RANGE, 2);
    double c2 = Math.pow(0.03 * SSIM_RANGE, 2);
    SDVariable muP = conv(p, window, k, k);
    SDVariable muT = conv(t, window, k, k);
    SDVariable muP2 = muP.mul(muP);
    SDVariable muT2 = muT.mul(muT);
    SDVariable muPT = muP.mul(muT);
    SDVariable varP = conv(p.mul(p), window, k, k).sub(muP2);
    SDVariable varT = conv(t.mul(t), window, k, k).sub(muT2);
    SDVariable cov = conv(p.mul(t), window, k, k).sub(muPT);
    SDVariable num = muPT.mul(2).add(c1).mul(cov.mul(2).add(c2));
    SDVariable den = muP2.add(muT2).add(c1).mul(varP.add(varT).add(c2));
    SDVariable ssim = num.div(den).mean();
    return sd.math().clipByValue(ssim.rsub(1.0).mul(0.5), 0.0, 1.0);
  }

  /** mean(d²) − ½·mean(d)² over valid pixels, d = ln(max(p, 0.01)) − ln t. */
  SDVariable scaleInvariantLog(SDVariable p, SDVariable t, SDVariable m) {
    SDVariable d = sd.math().log(sd.math().clipByValue(p, 0.01, 1e6)).sub(sd.math().log(t));
    SDVariable meanD = maskedMean(d, m);
    return maskedMean(d.mul(d), m).sub(meanD.mul(meanD).mul(0.5));
  }

  private SDVariable conv(SDVariable x, SDVariable kernel, int kh, int kw) {
    Conv2DConfig cfg =
        Conv2DConfig.builder()
            .kH(kh)
            .kW(kw)
            .sH(1)
            .sW(1)
            .pH(0)
            .pW(0)
            .dH(1)
            .dW(1)
            .paddingMode(PaddingMode.VALID)
            .dataFormat(Conv2DConfig.NCHW)
            .build();
    return sd.cnn().conv2d(x, kernel, cfg);
  }

  /** A normalised k×k Gaussian window. */
  public static double[][] gaussianWindow(int k, double sigma) {
    double[] g = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      double x = i - (k - 1) / 2.0;
      g[i] = Math.exp(-x * x / (2 * sigma * sigma));
      sum += g[i];
    }
    double[][] w = new double[k][k];
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        w[y][x] = g[y] * g[x] / (sum * sum);
      }
    }
    return w;
  }
}
