package io.depthstream.streams.inference;

import io.depthstream.core.inference.DepthPredictor;

/**
 * Where {@link FrameInference} gets the model for each frame: one fixed estimator, or the model
 * catalog's current champion, which a promotion or a hot reload may swap between two frames. A
 * frame holds its model from before the run until after it, so a swapped-out session is closed only
 * once no frame uses it.
 */
public interface EstimatorSource {

  /** A hold on the model for one frame (or one batch); close it when the run is done. */
  Hold hold();

  /** One frame's hold on a model. */
  interface Hold extends AutoCloseable {
    /** The model for this frame: its session, or the dynamic batcher in front of it. */
    DepthPredictor estimator();

    /** Counts a frame the model ran, with its inference time. */
    void ran(double inferenceMs);

    @Override
    void close();
  }

  /** Always {@code estimator}; nothing is counted and closing a hold closes nothing. */
  static EstimatorSource fixed(DepthPredictor estimator) {
    Hold hold =
        new Hold() {
          @Override
          public DepthPredictor estimator() {
            return estimator;
          }

          @Override
          public void ran(double inferenceMs) {}

          @Override
          public void close() {}
        };
    return () -> hold;
  }
}
