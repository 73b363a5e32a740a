package io.depthstream.streams.models;

import io.depthstream.core.comparison.ComparisonMetric;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.schemas.FrameMetrics;

/**
 * One frame scored by the champion and by one challenger against the same ground truth: the
 * compared scores of both, and what the comparisons group by.
 */
public record PairedFrame(
    String vehicleId,
    long captureTime,
    String championId,
    String challengerId,
    double championDelta1,
    double championAbsRel,
    double championRmse,
    double challengerDelta1,
    double challengerAbsRel,
    double challengerRmse) {

  public static PairedFrame of(FrameMetrics champion, FrameMetrics challenger) {
    return new PairedFrame(
        champion.getVehicleId(),
        champion.getCaptureTime().toEpochMilli(),
        champion.getModelId(),
        challenger.getModelId(),
        champion.getDelta1(),
        champion.getAbsRel(),
        champion.getRmse(),
        challenger.getDelta1(),
        challenger.getAbsRel(),
        challenger.getRmse());
  }

  /** The compared scores as metrics (the others NaN), for {@code PairedComparison.add}. */
  public DepthMetrics champion() {
    return scores(championDelta1, championAbsRel, championRmse);
  }

  public DepthMetrics challenger() {
    return scores(challengerDelta1, challengerAbsRel, challengerRmse);
  }

  private static DepthMetrics scores(double delta1, double absRel, double rmse) {
    double n = Double.NaN;
    // validPixels 1: a scored frame (FrameMetrics rows exist only for frames with a scored pixel).
    return new DepthMetrics(delta1, n, n, absRel, n, rmse, n, n, n, 1);
  }

  /** Challenger − champion on {@code metric}. */
  public double difference(ComparisonMetric metric) {
    return metric.of(challenger()) - metric.of(champion());
  }
}
