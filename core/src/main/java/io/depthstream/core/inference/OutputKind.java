package io.depthstream.core.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a depth model's output tensor means, and so how the engine turns it into metres. The JSON
 * name in {@code model.json} is the lower-case form ({@code "depth_inverse_norm"}).
 */
public enum OutputKind {
  /** Metric depth: {@code depth_m = depth_scale · y}. */
  DEPTH_M,
  /**
   * DenseDepth's normalised inverse depth {@code y = maxDepth / d}: {@code depth_m = depth_scale /
   * y}, where {@code depth_scale} is maxDepth expressed in metres (10 for NYU's 1000 cm-scale
   * units).
   */
  DEPTH_INVERSE_NORM,
  /**
   * MiDaS-style relative inverse depth, known only up to scale and shift; the caller aligns it per
   * frame against ground truth before it means metres.
   */
  INVERSE_RELATIVE,
  /**
   * Depth as per-pixel classification: K channels scoring K depth bins (UD or SID), decoded to
   * metres by expectation or argmax as {@link BinnedOutput} says.
   */
  DEPTH_BINS;

  /** The name used in {@code model.json}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a {@code model.json} name, case-insensitively. */
  public static OutputKind fromJson(String name) {
    for (OutputKind kind : values()) {
      if (kind.jsonName().equalsIgnoreCase(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown output kind '" + name + "', expected one of " + allJsonNames());
  }

  static String allJsonNames() {
    return Arrays.stream(values()).map(OutputKind::jsonName).collect(Collectors.joining(", "));
  }
}
