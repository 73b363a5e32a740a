package io.depthstream.streams.windows;

import io.depthstream.core.metrics.DepthBoundaryError;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsWindow;
import org.apache.kafka.streams.kstream.Window;

/** Conversions between the per-frame records, the accumulator and the window record. */
public final class WindowMetrics {

  private WindowMetrics() {}

  /**
   * The scores of one frame as the accumulator takes them; a frame without a depth boundary error
   * (sparse ground truth, or a record of schema version 1) has NaN there and is left out of the
   * window's boundary-error means.
   */
  public static DepthMetrics scoresOf(FrameMetrics m) {
    DepthMetrics scores =
        new DepthMetrics(
            m.getDelta1(),
            m.getDelta2(),
            m.getDelta3(),
            m.getAbsRel(),
            m.getSqRel(),
            m.getRmse(),
            m.getRmseLog(),
            m.getLog10(),
            m.getSilog(),
            m.getValidPixels());
    if (m.getDbeAccuracy() == null || m.getDbeCompleteness() == null) {
      return scores;
    }
    return scores.withBoundaryError(
        new DepthBoundaryError(m.getDbeAccuracy(), m.getDbeCompleteness()));
  }

  /**
   * Copies the depth boundary error of {@code metrics} into {@code frame} (null where it has none)
   * and returns {@code frame}: what the scoring step calls on each FrameMetrics it builds.
   */
  public static FrameMetrics withBoundaryError(FrameMetrics frame, DepthMetrics metrics) {
    frame.setDbeAccuracy(metrics.hasBoundaryError() ? metrics.dbeAccuracy() : null);
    frame.setDbeCompleteness(metrics.hasBoundaryError() ? metrics.dbeCompleteness() : null);
    return frame;
  }

  /** Adds one frame to a window's accumulator. */
  public static MetricsAccumulator add(MetricsAccumulator acc, FrameMetrics frame) {
    return acc.add(scoresOf(frame));
  }

  /** The published record of a closed window. */
  public static MetricsWindow toWindow(ScopeKey key, Window window, MetricsAccumulator acc) {
    DepthMetrics mean = acc.mean();
    return MetricsWindow.newBuilder()
        .setScope(key.scope())
        .setScopeKey(key.scopeKey())
        .setModelId(key.modelId())
        .setWindowStart(window.start())
        .setWindowEnd(window.end())
        .setFrames(acc.count())
        .setDelta1(mean.delta1())
        .setDelta2(mean.delta2())
        .setDelta3(mean.delta3())
        .setAbsRel(mean.absRel())
        .setSqRel(mean.sqRel())
        .setRmse(mean.rmse())
        .setRmseLog(mean.rmseLog())
        .setLog10(mean.log10())
        .setSilog(mean.silog())
        .setDbeFrames(acc.boundaryCount())
        .setDbeAccuracy(mean.hasBoundaryError() ? mean.dbeAccuracy() : null)
        .setDbeCompleteness(mean.hasBoundaryError() ? mean.dbeCompleteness() : null)
        .build();
  }
}
