package io.depthstream.core.inference;

import io.depthstream.core.depth.DepthImage;
import java.util.Objects;

/**
 * One frame's result from a {@link DepthEstimator}, at the frame's own resolution. For metric
 * models {@link #depth()} is in metres, clipped to the bundle's depth range. For {@link
 * OutputKind#INVERSE_RELATIVE} models the map holds the raw relative inverse depth, known only up
 * to scale and shift; {@link #relativeInverseDepth()} hands it to the caller, which aligns it per
 * frame against ground truth (ScaleShiftAlignment) before it means metres.
 *
 * @param map metres, or relative inverse depth when {@code relative}, at the frame's size
 * @param modelResolution the same prediction at the model's output resolution, before upsampling:
 *     {@link DepthUpsampling#toSize} of it to the frame's size gives {@code map} again, value for
 *     value, so a consumer that must keep the prediction a while can keep this instead
 * @param relative true when {@code map} is relative inverse depth, not metres
 * @param provider the execution provider that ran the model, "CUDA" or "CPU"
 * @param timings per-stage wall times
 */
public record DepthPrediction(
    DepthImage map,
    DepthImage modelResolution,
    boolean relative,
    String provider,
    StageTimings timings) {

  public DepthPrediction {
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(modelResolution, "modelResolution");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(timings, "timings");
  }

  /** A prediction made at the frame's own size (no separate model resolution). */
  public DepthPrediction(DepthImage map, boolean relative, String provider, StageTimings timings) {
    this(map, map, relative, provider, timings);
  }

  /**
   * The metric depth map.
   *
   * @throws IllegalStateException for a relative model, whose output needs alignment first
   */
  public DepthImage depth() {
    if (relative) {
      throw new IllegalStateException(
          "this prediction is relative inverse depth (output kind inverse_relative): align it"
              + " against ground truth with ScaleShiftAlignment, via relativeInverseDepth()");
    }
    return map;
  }

  /**
   * The raw relative inverse depth, for alignment; the values are not metres.
   *
   * @throws IllegalStateException for a metric model
   */
  public DepthImage relativeInverseDepth() {
    if (!relative) {
      throw new IllegalStateException(
          "this prediction is already metric depth; use depth() instead of relativeInverseDepth()");
    }
    return map;
  }
}
