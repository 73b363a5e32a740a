package io.depthstream.core.bench;

/**
 * What one batch size measured: per-call wall times, the mean per-frame stage times and the
 * throughput.
 *
 * @param batch frames per {@code predictBatch} call
 * @param callMs wall time of each measured call, in milliseconds
 * @param preprocessMs mean preprocessing time per frame
 * @param inferenceMs mean {@code session.run} time per frame (a call's run time over its batch)
 * @param postprocessMs mean postprocessing time per frame
 * @param framesPerSecond frames measured over the measured calls' total wall time
 */
public record BatchResult(
    int batch,
    LatencyStats callMs,
    double preprocessMs,
    double inferenceMs,
    double postprocessMs,
    double framesPerSecond) {

  /** This result's throughput over {@code baseline}'s. */
  public double speedupOver(BatchResult baseline) {
    return framesPerSecond / baseline.framesPerSecond;
  }
}
