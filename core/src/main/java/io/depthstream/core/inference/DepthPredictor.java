package io.depthstream.core.inference;

import io.depthstream.core.image.RgbImage;

/**
 * One frame in, its depth out, synchronously: a {@link DepthEstimator} itself, or a {@link
 * DynamicBatcher} in front of one that runs the frames of concurrent callers in one batch. Callers
 * that serve one frame at a time (the service's stream threads) depend on this, so batching can be
 * switched on without changing them.
 */
public interface DepthPredictor {

  /**
   * Depth for {@code frame}, at the frame's own size; returns only once the prediction exists.
   *
   * @throws InferenceException when ONNX Runtime fails to run the frame
   */
  DepthPrediction predict(RgbImage frame);

  /** The bundle the predictions come from. */
  ModelBundle bundle();

  /** The execution provider the model runs on: "CUDA" or "CPU". */
  String provider();
}
