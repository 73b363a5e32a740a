package io.depthstream.trainer.report;

import io.depthstream.core.metrics.DepthMetrics;
import java.util.List;
import java.util.Objects;

/**
 * One model's row in a comparison: its name, size, speed, test scores and training curve.
 *
 * @param parameters trainable parameters; 0 or less when unknown
 * @param msPerFrame measured inference time per frame in milliseconds; NaN when not measured
 * @param curve training curve in step order; empty for models that were not trained here
 */
public record ModelRun(
    String name, long parameters, double msPerFrame, DepthMetrics metrics, List<CurvePoint> curve) {

  public ModelRun {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metrics, "metrics");
    curve = List.copyOf(curve == null ? List.of() : curve);
  }
}
