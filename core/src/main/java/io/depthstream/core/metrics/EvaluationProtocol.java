package io.depthstream.core.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * The rules a depth prediction is scored by (docs/DESIGN.md, "Evaluation protocol"): a ground-truth
 * pixel counts when {@code minDepth < gt < maxDepth} and it lies inside the {@link Crop};
 * predictions are clipped to {@code [minDepth, maxDepth]}. A missing prediction (NaN) counts as
 * {@code minDepth}, as 0 does after clipping, so a model never gains by abstaining.
 */
public record EvaluationProtocol(double minDepth, double maxDepth, Crop crop) {

  /** NYU Depth v2: 1 mm to 10 m, Eigen crop. */
  public static final EvaluationProtocol NYU = new EvaluationProtocol(1e-3, 10, Crop.EIGEN);

  /** KITTI Eigen split: 1 mm to 80 m, Garg crop. */
  public static final EvaluationProtocol KITTI = new EvaluationProtocol(1e-3, 80, Crop.GARG);

  public EvaluationProtocol {
    Objects.requireNonNull(crop, "crop");
    if (!(minDepth > 0) || !(maxDepth > minDepth) || !Double.isFinite(maxDepth)) {
      throw new IllegalArgumentException(
          "evaluation needs 0 < min depth < max depth, both finite, got min "
              + minDepth
              + " max "
              + maxDepth);
    }
  }

  /**
   * True where a ground-truth depth is scored: strictly between min and max depth. Compared in
   * float, the precision depth maps are stored in, as numpy's float32 evaluations do: a ground
   * truth of exactly 1 mm (0.001f, a hair above the double 1e-3) is not scored under min 1e-3.
   */
  public boolean isScored(float groundTruth) {
    return groundTruth > (float) minDepth && groundTruth < (float) maxDepth;
  }

  /** A prediction clipped to {@code [minDepth, maxDepth]}; NaN counts as {@code minDepth}. */
  public double clip(double prediction) {
    if (Double.isNaN(prediction)) {
      return minDepth;
    }
    return Math.max(minDepth, Math.min(maxDepth, prediction));
  }

  /** The same depth range with another crop. */
  public EvaluationProtocol withCrop(Crop other) {
    return new EvaluationProtocol(minDepth, maxDepth, other);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "%s < gt < %s m, %s crop", minDepth, maxDepth, crop.name().toLowerCase());
  }
}
