package io.depthstream.core.inference;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a model's output means and the metric range it is trusted in. Decoding, per {@link
 * OutputKind}: {@code DEPTH_M}: {@code d = depthScale · y}; {@code DEPTH_INVERSE_NORM}: {@code d =
 * depthScale / y} ({@code y ≤ 0} reads as "farther than anything", i.e. {@code maxDepth}); both
 * then clipped to {@code [minDepth, maxDepth]} metres. {@code DEPTH_BINS}: K per-bin scores per
 * pixel, read out per {@link BinnedOutput} and clipped the same way. A metric output with a {@link
 * DepthCalibration} is then corrected by it and clipped again. {@code INVERSE_RELATIVE} outputs are
 * passed on raw.
 *
 * @param kind how to read the output tensor
 * @param depthScale metres per output unit (DEPTH_M) or the numerator in metres
 *     (DEPTH_INVERSE_NORM, DenseDepth on NYU: 1000 cm-scale units = 10 m); 1 and unused for
 *     INVERSE_RELATIVE
 * @param minDepth smallest depth the model predicts, metres
 * @param maxDepth largest depth the model predicts, metres
 * @param bins the bins and readout of a {@code DEPTH_BINS} output; null for every other kind
 * @param pngScale metres per unit of the 16-bit depth PNGs this model's maps are published as
 *     ({@code output.png_scale}), when the bundle fixes it; empty: {@link DepthScale} picks one
 *     that covers {@code maxDepth}
 * @param calibration the correction {@code ./depthstream calibrate} fitted ({@code
 *     output.calibration}), for metric kinds only; empty: depth as decoded
 */
public record ModelOutput(
    OutputKind kind,
    double depthScale,
    double minDepth,
    double maxDepth,
    BinnedOutput bins,
    OptionalDouble pngScale,
    Optional<DepthCalibration> calibration) {

  /** An output without a calibration. */
  public ModelOutput(
      OutputKind kind,
      double depthScale,
      double minDepth,
      double maxDepth,
      BinnedOutput bins,
      OptionalDouble pngScale) {
    this(kind, depthScale, minDepth, maxDepth, bins, pngScale, Optional.empty());
  }

  /** An output of any kind but {@code DEPTH_BINS}, which needs its {@link BinnedOutput}. */
  public ModelOutput(OutputKind kind, double depthScale, double minDepth, double maxDepth) {
    this(kind, depthScale, minDepth, maxDepth, null);
  }

  /** An output whose published depth scale follows from its range (no {@code png_scale}). */
  public ModelOutput(
      OutputKind kind, double depthScale, double minDepth, double maxDepth, BinnedOutput bins) {
    this(kind, depthScale, minDepth, maxDepth, bins, OptionalDouble.empty());
  }

  /** A {@code DEPTH_BINS} output; {@code depth_scale} does not apply to it and is 1. */
  public static ModelOutput depthBins(BinnedOutput bins, double minDepth, double maxDepth) {
    return new ModelOutput(OutputKind.DEPTH_BINS, 1.0, minDepth, maxDepth, bins);
  }

  public ModelOutput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pngScale, "pngScale");
    Objects.requireNonNull(calibration, "calibration");
    if (calibration.isPresent() && kind == OutputKind.INVERSE_RELATIVE) {
      throw new IllegalArgumentException(
          "calibration applies to metric outputs only, not " + kind.jsonName());
    }
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
    if ((kind == OutputKind.DEPTH_BINS) != (bins != null)) {
      throw new IllegalArgumentException(
          kind == OutputKind.DEPTH_BINS
              ? "depth_bins needs a bins object {spacing, count, alpha, beta, decode, activation}"
              : "bins applies to depth_bins outputs only, not " + kind.jsonName());
    }
    if (pngScale.isPresent()) {
      DepthScale.requireCovers(pngScale.getAsDouble(), maxDepth, "png_scale");
    }
  }

  /** This output with its maps published at {@code metresPerUnit} ({@code output.png_scale}). */
  public ModelOutput withPngScale(double metresPerUnit) {
    return new ModelOutput(
        kind, depthScale, minDepth, maxDepth, bins, OptionalDouble.of(metresPerUnit), calibration);
  }

  /** This output corrected by {@code newCalibration} (empty: as decoded). */
  public ModelOutput withCalibration(Optional<DepthCalibration> newCalibration) {
    return new ModelOutput(kind, depthScale, minDepth, maxDepth, bins, pngScale, newCalibration);
  }
}
