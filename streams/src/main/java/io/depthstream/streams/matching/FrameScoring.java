package io.depthstream.streams.matching;

import io.depthstream.core.depth.DepthAt;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.Resampling;
import io.depthstream.core.inference.DepthUpsampling;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.streams.groundtruth.TruthDepth;
import io.depthstream.streams.inference.EstimatedFrame;
import io.depthstream.streams.windows.WindowMetrics;
import java.util.Optional;

/**
 * Scores one depth map against its matched ground truth under the configured protocol. Ground truth
 * lives at the calibration's resolution; a depth map of another size is resampled to it by nearest
 * neighbour (which never invents depths between a near and a far surface).
 *
 * <p>Projected LiDAR ({@link TruthDepth.Sparse}) is scored at its own pixels only: the published
 * map's value is computed at each of them ({@link DepthUpsampling#publishedAt}: the same upsample,
 * rounding and nearest mapping as building the map) and summed as the dense evaluation sums it, so
 * the scores are the dense path's bit for bit, for a few thousand lookups instead of rebuilding and
 * walking every pixel. A depth sensor's image ({@link TruthDepth.DepthPng}) is decoded and scored
 * densely, and so is sparse truth in the rare case it is dense enough that the depth boundary error
 * could apply ({@link DepthEvaluator#boundaryErrorMayApply}), which only the dense path computes.
 */
public final class FrameScoring {

  private final DepthEvaluator evaluator;
  private final ImageLimits limits;

  /**
   * @param boundaryError whether dense ground truth also gets the depth boundary error
   *     (depthstream.evaluation.boundary-error)
   */
  public FrameScoring(EvaluationProtocol protocol, ImageLimits limits, boolean boundaryError) {
    this.evaluator = new DepthEvaluator(protocol, boundaryError);
    this.limits = limits;
  }

  /**
   * The frame's metrics, or empty when no pixel could be scored. The prediction is scored as it was
   * published ({@link EstimatedFrame#published()}), from memory: no PNG is decoded for it.
   */
  public Optional<FrameMetrics> score(EstimatedFrame frame, TruthDepth truth) {
    DepthMap map = frame.map();
    DepthMetrics metrics = metricsOf(frame, truth);
    if (metrics.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        WindowMetrics.withBoundaryError(
            FrameMetrics.newBuilder()
                .setVehicleId(map.getVehicleId())
                .setCameraId(map.getCameraId())
                .setSequence(map.getSequence())
                .setCaptureTime(map.getCaptureTime())
                .setModelId(map.getModelId())
                .setModelVersion(map.getModelVersion())
                .setGroundTruthOffsetMs(truth.captureTime() - map.getCaptureTime().toEpochMilli())
                .setValidPixels(metrics.validPixels())
                .setDelta1(metrics.delta1())
                .setDelta2(metrics.delta2())
                .setDelta3(metrics.delta3())
                .setAbsRel(metrics.absRel())
                .setSqRel(metrics.sqRel())
                .setRmse(metrics.rmse())
                .setRmseLog(metrics.rmseLog())
                .setLog10(metrics.log10())
                .setSilog(metrics.silog())
                .build(),
            metrics));
  }

  /** The scores of {@code frame} against {@code truth}, sparse where the truth allows. */
  DepthMetrics metricsOf(EstimatedFrame frame, TruthDepth stored) {
    TruthDepth truth = stored.decoded();
    if (truth instanceof TruthDepth.Sparse sparse
        && !evaluator.boundaryErrorMayApply(sparse.depth())) {
      SparseDepth measured = sparse.depth();
      DepthMap map = frame.map();
      DepthAt predicted =
          DepthUpsampling.publishedAt(
              frame.modelResolution(),
              map.getWidth(),
              map.getHeight(),
              map.getScale(),
              measured.width(),
              measured.height());
      return evaluator.evaluate(predicted, measured);
    }
    return denseMetricsOf(frame, truth.image(limits));
  }

  /** The scores over every pixel: the published map rebuilt, resized and walked whole. */
  DepthMetrics denseMetricsOf(EstimatedFrame frame, DepthImage measured) {
    return evaluator.evaluate(
        resize(frame.published(), measured.width(), measured.height()), measured);
  }

  /** Nearest-neighbour resampling to {@code width × height}; the same map when sizes agree. */
  static DepthImage resize(DepthImage source, int width, int height) {
    if (source.width() == width && source.height() == height) {
      return source;
    }
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      int sy = Resampling.nearest(y, source.height(), height);
      for (int x = 0; x < width; x++) {
        int sx = Resampling.nearest(x, source.width(), width);
        out[y * width + x] = source.at(sx, sy);
      }
    }
    return new DepthImage(width, height, out);
  }
}
