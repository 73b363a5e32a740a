package io.depthstream.core.inference;

import java.util.Objects;

/**
 * What a model's output means and the metric range it is trusted in. Decoding, per {@link
 * OutputKind}: {@code DEPTH_M}: {@code d = depthScale · y}; {@code DEPTH_INVERSE_NORM}: {@code d =
 * depthScale / y} ({@code y ≤ 0} reads as "farther than anything", i.e. {@code maxDepth}); both
 * then clipped to {@code [minDepth, maxDepth]} metres. {@code INVERSE_RELATIVE} outputs are passed
 * on raw.
 *
 * @param kind how to read the output tensor
 * @param depthScale metres per output unit (DEPTH_M) or the numerator in metres
 *     (DEPTH_INVERSE_NORM, DenseDepth on NYU: 1000 cm-scale units = 10 m); 1 and unused for
 *     INVERSE_RELATIVE
 * @param minDepth smallest depth the model predicts, metres
 * @param maxDepth largest depth the model predicts, metres
 */
public record ModelOutput(OutputKind kind, double depthScale, double minDepth, double maxDepth) {

  public ModelOutput {
    Objects.requireNonNull(kind, "kind");
    if (!(depthScale > 0) || !Double.isFinite(depthScale)) {
      throw new IllegalArgumentException(
          "depth_scale must be a positive number, got " + depthScale);
    }
    if (!(minDepth > 0) || !(maxDepth > minDepth) || !Double.isFinite(maxDepth)) {
      throw new IllegalArgumentException(
          "need 0 < min_depth < max_depth (metres), got min_depth="
              + minDepth
              + " max_depth="
              + maxDepth);
    }
  }
}
