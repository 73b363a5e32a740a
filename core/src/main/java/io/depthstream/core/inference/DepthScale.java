package io.depthstream.core.inference;

import io.depthstream.core.depth.DepthPngCodec;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Metres per unit of the 16-bit depth PNGs a model's maps are published as ({@code
 * DepthMap.scale}), chosen so the maps cover the depths the model predicts. In order: an explicit
 * override (the service's {@code depthstream.depth.scale}); else the bundle's {@code
 * output.png_scale}; else by the bundle's range: millimetres ({@value DepthPngCodec#MILLIMETRES})
 * while {@code output.max_depth} fits in 65.535 m, else KITTI's 1/256 m (up to 255.996 m).
 * Millimetres keep an indoor model's maps four times finer; for a street model trained to 80 m they
 * would saturate at 65.535 m, and its live scores beyond that would differ from {@code evaluate}'s.
 *
 * @param metresPerUnit metres per PNG unit
 * @param source where the value came from
 */
public record DepthScale(double metresPerUnit, Source source) {

  /** The largest value a 16-bit PNG holds; 0 means "no depth". */
  static final int LARGEST_UNIT = 0xFFFF;

  /** Where a {@link DepthScale} came from, for the line the service logs at start. */
  public enum Source {
    /** Set explicitly by whoever runs the model. */
    OVERRIDE,
    /** The bundle's {@code output.png_scale}. */
    BUNDLE,
    /** Chosen from the bundle's {@code output.max_depth}. */
    RANGE
  }

  public DepthScale {
    requirePositive(metresPerUnit, "a depth scale");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The scale {@code bundle}'s maps are published at.
   *
   * @param override metres per unit set explicitly, which wins even when it does not cover the
   *     model's range (then {@link #covers} is false and the caller should say so)
   * @throws IllegalArgumentException when {@code override} is not a positive number
   */
  public static DepthScale forBundle(ModelBundle bundle, Optional<Double> override) {
    return forOutput(bundle.output(), override);
  }

  /** As {@link #forBundle}, from the bundle's output description alone. */
  public static DepthScale forOutput(ModelOutput output, Optional<Double> override) {
    if (override.isPresent()) {
      return new DepthScale(override.get(), Source.OVERRIDE);
    }
    if (output.pngScale().isPresent()) {
      return new DepthScale(output.pngScale().getAsDouble(), Source.BUNDLE);
    }
    return new DepthScale(forRange(output.maxDepth()), Source.RANGE);
  }

  /**
   * Millimetres when {@code maxDepth} fits in 65535 of them, else 1/256 m: the finest of the two
   * conventions depth PNGs use (NYU and RGB-D sensors, KITTI) that reaches {@code maxDepth}.
   */
  public static double forRange(double maxDepth) {
    return maxDepth <= largestDepth(DepthPngCodec.MILLIMETRES)
        ? DepthPngCodec.MILLIMETRES
        : DepthPngCodec.KITTI;
  }

  /** The largest depth a PNG at this scale holds; farther depths saturate there. */
  public double largestDepth() {
    return largestDepth(metresPerUnit);
  }

  /** Whether depths up to {@code depth} metres are published without saturating. */
  public boolean covers(double depth) {
    return depth <= largestDepth();
  }

  /**
   * One line for a log: the scale, its reach, where it came from, and a warning when the model
   * predicts farther than the maps can hold.
   */
  public String describe(ModelOutput output) {
    String from =
        switch (source) {
          case OVERRIDE -> "set explicitly";
          case BUNDLE -> "model.json output.png_scale";
          case RANGE -> "chosen for output.max_depth " + metres(output.maxDepth());
        };
    String line =
        String.format(
            Locale.ROOT,
            "depth maps at %s m per unit (up to %s), %s",
            metresPerUnit,
            metres(largestDepth()),
            from);
    if (!covers(output.maxDepth())) {
      line +=
          "; the model predicts up to "
              + metres(output.maxDepth())
              + ", farther depths saturate at "
              + metres(largestDepth())
              + " (0.00390625 = 1/256 m reaches 255.996 m)";
    }
    return line;
  }

  /**
   * Refuses a scale that is not a positive number or whose maps would saturate below {@code
   * maxDepth}: a model's own setting must cover its range.
   */
  static void requireCovers(double metresPerUnit, double maxDepth, String what) {
    requirePositive(metresPerUnit, what);
    if (!(largestDepth(metresPerUnit) >= maxDepth)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s %s reaches only %s but max_depth is %s: use 0.00390625 (1/256 m, up to"
                  + " 255.996 m), or leave %s out to have it chosen from max_depth",
              what,
              metresPerUnit,
              metres(largestDepth(metresPerUnit)),
              metres(maxDepth),
              what));
    }
  }

  private static double largestDepth(double metresPerUnit) {
    return LARGEST_UNIT * metresPerUnit;
  }

  private static void requirePositive(double metresPerUnit, String what) {
    if (!(metresPerUnit > 0) || !Double.isFinite(metresPerUnit)) {
      throw new IllegalArgumentException(
          what + " must be a positive number of metres per unit, got " + metresPerUnit);
    }
  }

  private static String metres(double m) {
    return String.format(Locale.ROOT, "%.3f m", m);
  }
}
