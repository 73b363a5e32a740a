package io.depthstream.core.inference;

/**
 * Where the time of one prediction went, in milliseconds. Preprocessing (resize, normalise) and
 * postprocessing (decode, upsample) are measured per frame; {@code inferenceMs} is the wall time of
 * the {@code session.run} call that carried this frame, shared by the {@code batchSize} frames in
 * it.
 */
public record StageTimings(
    double preprocessMs, double inferenceMs, double postprocessMs, int batchSize) {

  /** Preprocess + inference + postprocess: what this frame waited for, batch-mates included. */
  public double totalMs() {
    return preprocessMs + inferenceMs + postprocessMs;
  }

  /** The inference time divided among the frames of its batch: the throughput view. */
  public double inferenceMsPerFrame() {
    return inferenceMs / batchSize;
  }
}
