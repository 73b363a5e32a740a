package io.depthstream.streams.matching;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.inference.EstimatedFrame;
import io.depthstream.streams.windows.WindowMetrics;
import java.util.Optional;

/**
 * Scores one depth map against its matched ground truth under the configured protocol. Ground truth
 * lives at the calibration's resolution; a depth map of another size is resampled to it by nearest
 * neighbour (which never invents depths between a near and a far surface).
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
  public Optional<FrameMetrics> score(EstimatedFrame frame, GroundTruth truth) {
    DepthMap map = frame.map();
    DepthImage predicted = frame.published();
    DepthImage measured =
        DepthPngCodec.decode(AvroBytes.toArray(truth.getDepthPng()), truth.getDepthScale(), limits);
    DepthMetrics metrics =
        evaluator.evaluate(resize(predicted, measured.width(), measured.height()), measured);
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
                .setGroundTruthOffsetMs(
                    truth.getCaptureTime().toEpochMilli() - map.getCaptureTime().toEpochMilli())
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

  /** Nearest-neighbour resampling to {@code width × height}; the same map when sizes agree. */
  static DepthImage resize(DepthImage source, int width, int height) {
    if (source.width() == width && source.height() == height) {
      return source;
    }
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      int sy = Math.min(source.height() - 1, (int) ((y + 0.5) * source.height() / height));
      for (int x = 0; x < width; x++) {
        int sx = Math.min(source.width() - 1, (int) ((x + 0.5) * source.width() / width));
        out[y * width + x] = source.at(sx, sy);
      }
    }
    return new DepthImage(width, height, out);
  }
}
