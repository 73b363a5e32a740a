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
 * convolutions.
 *
 * <p>Every term counts only pixels with ground truth (mask 1), so sparse LiDAR trains on its
 * returns alone: L1 averages over valid pixels, the gradient term over neighbour pairs that are
 * both valid, and SSIM weighs each window's statistics by the mask and averages its map over
 * windows centred on a valid pixel. The prediction enters every term only multiplied by the mask,
 * so a pixel without ground truth gets exactly zero gradient. With a dense mask L1 and SSIM are
 * DenseDepth's (averaged over the batch's pixels rather than per image, the same for maps of one
 * size) and the gradient term differs only in its normalisation (see the README).
 */
public final class DepthLoss {

  /**
   * Weight of the scale-invariant log term in {@link LossKind#DENSEDEPTH_SILOG}. Its per-pixel pull
   * is 2·w·(d − ½·mean d)/y: with w = 10 a 20 % error at 50 m (y = 80/50) pulls over 20 times as
   * hard as DenseDepth's L1 term does (0.1), while near pixels (y of 10 and more) hardly feel it.
   */
  public static final double SILOG_WEIGHT = 10.0;

  /**
   * Weight of the squared metric error in {@link LossKind#DENSEDEPTH_SILOG_METRIC}. With e = d/max
   * its per-pixel pull is 2·w·(e − e*)/y²: with w = 100 a 20 % error at 60 m pulls about four times
   * as hard as the log term does, at 5 m a tenth as hard as the L1 term. A street model's rmse of
   * 2.5 m over an 80 m range adds about 0.1 to a loss near 0.55.
   */
  public static final double METRIC_WEIGHT = 100.0;

  /** The target of a pixel at the range's end: maxDepth / maxDepth. Targets span [1, 100]. */
  static final double FARTHEST_TARGET = 1.0;

  /** DenseDepth's weight of the L1 term. */
  public static final double L1_WEIGHT = 0.1;

  /** SSIM's dynamic range: targets span [1, 100] (DenseDepth's maxDepthVal = 1000/10). */
  public static final double SSIM_RANGE = 100.0;

  /** DenseDepth's SSIM window (TensorFlow's {@code tf.image.ssim} default): 11×11 Gaussian. */
  public static final int SSIM_WINDOW = 11;

  /** σ of the SSIM window, pixels. */
  public static final double SSIM_SIGMA = 1.5;

  /**
   * Floor of a window's mask weight. A window centred on a valid pixel weighs at least the
   * Gaussian's centre (0.07 for 11×11, σ 1.5), so the floor only touches windows centred on a pixel
   * without ground truth: they are not scored, and it keeps their statistics finite.
   */
  private static final double MIN_WINDOW_WEIGHT = 1e-3;

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
      TrainingLoss loss,
      SDVariable prediction,
      SDVariable target,
      SDVariable mask,
      int height,
      int width) {
    DepthLoss l = new DepthLoss(sd, prediction.dataType());
    SDVariable total =
        switch (loss.kind()) {
          case DENSEDEPTH -> l.denseDepth(prediction, target, mask, height, width);
          case DENSEDEPTH_SILOG ->
              l.denseDepth(prediction, target, mask, height, width)
                  .add(l.scaleInvariantLog(prediction, target, mask).mul(SILOG_WEIGHT));
          case DENSEDEPTH_SILOG_METRIC ->
              l.denseDepth(prediction, target, mask, height, width)
                  .add(l.scaleInvariantLog(prediction, target, mask).mul(SILOG_WEIGHT))
                  .add(l.metricSquared(prediction, target, mask).mul(loss.metricWeight()));
          case L1_SSIM ->
              l.l1(prediction, target, mask)
                  .mul(L1_WEIGHT)
                  .add(l.ssimTerm(prediction, target, mask, height, width));
          case L1 -> l.l1(prediction, target, mask);
          case SILOG -> l.scaleInvariantLog(prediction, target, mask);
          case CROSS_ENTROPY ->
              throw new IllegalArgumentException(
                  "cross-entropy scores bin logits, not one-channel depth; see BinCrossEntropy");
        };
    return total.rename(name);
  }

  private SDVariable maskedMean(SDVariable values, SDVariable mask) {
    // mask sums count pixels, so max(count, 1) is exact when any is valid and safe when none is
    SDVariable count = sd.math().max(mask.sum(), sd.constant(Nd4j.scalar(type, 1.0)));
    return values.mul(mask).sum().div(count);
  }

  /** DenseDepth's loss: 0.1·L1 + gradient-L1 + clip((1 − SSIM)/2), the base of its variants. */
  private SDVariable denseDepth(SDVariable p, SDVariable t, SDVariable m, int height, int width) {
    return l1(p, t, m)
        .mul(L1_WEIGHT)
        .add(gradientL1(p, t, m))
        .add(ssimTerm(p, t, m, height, width));
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

  /**
   * clip((1 − SSIM)/2, 0, 1), SSIM over the valid pixels with an {@link #SSIM_WINDOW}² Gaussian
   * window ({@link #ssimWindow} on maps smaller than that). Each window's means, variances and
   * covariance are the mask-weighted Gaussian moments (Σ w·m·x / Σ w·m), so pixels without ground
   * truth take no part; the SSIM map is averaged over the windows whose centre pixel is valid,
   * pooled over the batch like the L1 term. With a dense mask Σ w·m = 1 and this is the plain SSIM.
   */
  SDVariable ssimTerm(SDVariable p, SDVariable t, SDVariable m, int height, int width) {
    int k = ssimWindow(height, width);
    SDVariable window =
        sd.constant(Nd4j.create(gaussianWindow(k, SSIM_SIGMA)).reshape(k, k, 1, 1).castTo(type));
    double c1 = Math.pow(0.01 * SSIM_RANGE, 2);
    double c2 = Math.pow(0.03 * SSIM_RANGE, 2);
    SDVariable mp = p.mul(m);
    SDVariable mt = t.mul(m);
    SDVariable weight =
        sd.math().max(conv(m, window, k, k), sd.constant(Nd4j.scalar(type, MIN_WINDOW_WEIGHT)));
    SDVariable muP = conv(mp, window, k, k).div(weight);
    SDVariable muT = conv(mt, window, k, k).div(weight);
    SDVariable muP2 = muP.mul(muP);
    SDVariable muT2 = muT.mul(muT);
    SDVariable muPT = muP.mul(muT);
    SDVariable varP = conv(mp.mul(p), window, k, k).div(weight).sub(muP2);
    SDVariable varT = conv(mt.mul(t), window, k, k).div(weight).sub(muT2);
    SDVariable cov = conv(mp.mul(t), window, k, k).div(weight).sub(muPT);
    SDVariable num = muPT.mul(2).add(c1).mul(cov.mul(2).add(c2));
    SDVariable den = muP2.add(muT2).add(c1).mul(varP.add(varT).add(c2));
    SDVariable ssim = maskedMean(num.div(den), windowCentres(m, k));
    return sd.math().clipByValue(ssim.rsub(1.0).mul(0.5), 0.0, 1.0);
  }

  /**
   * The SSIM window side for an h × w map: {@link #SSIM_WINDOW}, or the largest odd size that fits
   * a smaller map (TensorFlow's SSIM refuses such maps; the trainer's tiny test models make them).
   */
  public static int ssimWindow(int height, int width) {
    int fits = Math.min(height, width);
    return Math.max(1, Math.min(SSIM_WINDOW, fits % 2 == 1 ? fits : fits - 1));
  }

  /** The mask at the centre of each k × k VALID window: the mask cropped by (k − 1)/2 a side. */
  private SDVariable windowCentres(SDVariable m, int k) {
    double[][] centre = new double[k][k];
    centre[k / 2][k / 2] = 1;
    return conv(m, sd.constant(Nd4j.create(centre).reshape(k, k, 1, 1).castTo(type)), k, k);
  }

  /** mean(d²) − ½·mean(d)² over valid pixels, d = ln(max(p, 0.01)) − ln t. */
  SDVariable scaleInvariantLog(SDVariable p, SDVariable t, SDVariable m) {
    SDVariable d = sd.math().log(sd.math().clipByValue(p, 0.01, 1e6)).sub(sd.math().log(t));
    SDVariable meanD = maskedMean(d, m);
    return maskedMean(d.mul(d), m).sub(meanD.mul(meanD).mul(0.5));
  }

  /**
   * mean((1/p − 1/t)²) over valid pixels: targets are maxDepth/d, so 1/y is the depth as a share of
   * the range and this is the squared metric error over maxDepth². p is floored at {@link
   * #FARTHEST_TARGET}, the range's end, as the served depth is clipped there: a prediction beyond
   * the range costs what the service would publish for it, at most 1 a pixel. (Floored at 0.01, as
   * the log term is, a pixel predicted 0.5 would cost 1 and one predicted 0.05 cost 361: the
   * suspect in the restarts at 1e-4 and 2e-4 that lost their trained point, models/README {@code
   * wu}, {@code wu1}.)
   */
  SDVariable metricSquared(SDVariable p, SDVariable t, SDVariable m) {
    SDVariable e = sd.math().clipByValue(p, FARTHEST_TARGET, 1e6).rdiv(1.0).sub(t.rdiv(1.0));
    return maskedMean(e.mul(e), m);
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
