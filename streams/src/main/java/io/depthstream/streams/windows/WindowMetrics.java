package io.depthstream.streams.windows;

import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsWindow;
import org.apache.kafka.streams.kstream.Window;

/** Conversions between the per-frame records, the accumulator and the window record. */
public final class WindowMetrics {

  private WindowMetrics() {}

  /** The scores of one frame as the accumulator takes them. */
  public static DepthMetrics scoresOf(FrameMetrics m) {
    return new DepthMetrics(
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
        .build();
  }
}
