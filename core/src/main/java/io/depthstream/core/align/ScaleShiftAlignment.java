package io.depthstream.core.align;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.metrics.EvaluationProtocol;

/**
 * Turns a relative inverse-depth prediction (MiDaS-style: right up to an unknown scale and shift)
 * into metric depth against ground truth, the way relative models are scored: the least-squares
 * {@code s, t} minimising {@code Σ (s·r + t − 1/gt)²} over pixels with ground truth in {@code
 * (minDepth, maxDepth)}, then {@code depth = 1 / (s·r + t)} clipped to {@code [minDepth,
 * maxDepth]}.
 *
 * <p>The fit uses every pixel with ground truth in range, not only the evaluation crop: the crop
 * decides what is scored, not what the scale is learnt from. Relative values that are not finite
 * are left out of the fit and come out invalid; an inverse depth {@code s·r + t ≤ 0} (beyond
 * infinity) comes out as {@code maxDepth}.
 */
public final class ScaleShiftAlignment {

  private final double minDepth;
  private final double maxDepth;

  public ScaleShiftAlignment(double minDepth, double maxDepth) {
    if (!(minDepth > 0) || !(maxDepth > minDepth) || !Double.isFinite(maxDepth)) {
      throw new IllegalArgumentException(
          "alignment needs 0 < min depth < max depth, got " + minDepth + " and " + maxDepth);
    }
    this.minDepth = minDepth;
    this.maxDepth = maxDepth;
  }

  public ScaleShiftAlignment(EvaluationProtocol protocol) {
    this(protocol.minDepth(), protocol.maxDepth());
  }

  /** Scale and shift taking relative inverse depth to metric inverse depth (1/m). */
  public record Fit(double scale, double shift, long pixels) {}

  /**
   * The least-squares fit of {@code relative} (row-major, the ground truth's size) to the inverse
   * of {@code groundTruth}.
   *
   * @throws IllegalArgumentException when fewer than two pixels have ground truth, or when the
   *     relative values of those pixels are all equal, so that no unique fit exists
   */
  public Fit fit(float[] relative, DepthImage groundTruth) {
    checkSize(relative, groundTruth);
    float[] gt = groundTruth.metres();
    long n = 0;
    double sumR = 0;
    double sumY = 0;
    for (int i = 0; i < gt.length; i++) {
      if (usable(relative[i], gt[i])) {
        n++;
        sumR += relative[i];
        sumY += 1.0 / gt[i];
      }
    }
    if (n < 2) {
      throw new IllegalArgumentException(
          "scale-and-shift alignment needs at least 2 pixels with ground truth in ("
              + minDepth
              + ", "
              + maxDepth
              + ") m and a finite prediction, got "
              + n);
    }
    double meanR = sumR / n;
    double meanY = sumY / n;
    // Centred second pass: the textbook n·Σr² − (Σr)² loses digits when r is far from zero.
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < gt.length; i++) {
      if (usable(relative[i], gt[i])) {
        double dr = relative[i] - meanR;
        covariance += dr * (1.0 / gt[i] - meanY);
        variance += dr * dr;
      }
    }
    if (!(variance > 0)) {
      throw new IllegalArgumentException(
          "scale-and-shift alignment is undetermined: all "
              + n
              + " pixels with ground truth have the same relative value "
              + meanR
              + " (a constant prediction)");
    }
    double scale = covariance / variance;
    return new Fit(scale, meanY - scale * meanR, n);
  }

  /** Metric depth from {@code relative} under {@code fit}, clipped to the depth range. */
  public DepthImage apply(Fit fit, float[] relative, int width, int height) {
    float[] metres = new float[relative.length];
    for (int i = 0; i < relative.length; i++) {
      float r = relative[i];
      if (!Float.isFinite(r)) {
        continue; // stays 0, invalid
      }
      double inverse = fit.scale() * r + fit.shift();
      double depth = inverse > 0 ? 1.0 / inverse : maxDepth;
      metres[i] = (float) Math.max(minDepth, Math.min(maxDepth, depth));
    }
    return new DepthImage(width, height, metres);
  }

  /** {@link #fit} then {@link #apply}: the metric depth a relative model is scored with. */
  public DepthImage align(float[] relative, DepthImage groundTruth) {
    return apply(fit(relative, groundTruth), relative, groundTruth.width(), groundTruth.height());
  }

  private boolean usable(float r, float gt) {
    // Compared in float like EvaluationProtocol.isScored, so both agree on which pixels count.
    return Float.isFinite(r) && gt > (float) minDepth && gt < (float) maxDepth;
  }

  private static void checkSize(float[] relative, DepthImage groundTruth) {
    if (relative.length != groundTruth.metres().length) {
      throw new IllegalArgumentException(
          "relative prediction holds "
              + relative.length
              + " values but ground truth is "
              + groundTruth.width()
              + "x"
              + groundTruth.height()
              + "; resize the prediction to the ground truth's size first");
    }
  }
}
