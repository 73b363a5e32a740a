package io.depthstream.core.bench;

import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.StageTimings;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a {@link DepthEstimator} at one batch size: {@code warmup} unmeasured calls (ONNX
 * Runtime allocates and tunes on the first runs), then {@code iterations} measured calls of {@code
 * predictBatch} on the same frames, timed by the wall clock and by the engine's own stage timings.
 */
public final class InferenceBench {

  private final DepthEstimator estimator;
  private final List<RgbImage> frames;

  /**
   * @param frames frames to cycle through; a batch of b takes b of them, repeating if needed
   */
  public InferenceBench(DepthEstimator estimator, List<RgbImage> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("the benchmark needs at least one frame");
    }
    this.estimator = estimator;
    this.frames = List.copyOf(frames);
  }

  public BatchResult run(int batch, int warmup, int iterations) {
    if (batch < 1 || warmup < 0 || iterations < 1) {
      throw new IllegalArgumentException(
          "batch and iterations must be at least 1 and warmup 0 or more; got batch "
              + batch
              + ", warmup "
              + warmup
              + ", iterations "
              + iterations);
    }
    List<RgbImage> input = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      input.add(frames.get(i % frames.size()));
    }
    for (int i = 0; i < warmup; i++) {
      estimator.predictBatch(input);
    }
    double[] callMs = new double[iterations];
    double pre = 0;
    double inference = 0;
    double post = 0;
    double totalMs = 0;
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      List<DepthPrediction> predictions = estimator.predictBatch(input);
      callMs[i] = (System.nanoTime() - t0) / 1e6;
      totalMs += callMs[i];
      for (DepthPrediction p : predictions) {
        StageTimings t = p.timings();
        pre += t.preprocessMs();
        inference += t.inferenceMsPerFrame();
        post += t.postprocessMs();
      }
    }
    long measuredFrames = (long) batch * iterations;
    return new BatchResult(
        batch,
        new LatencyStats(callMs),
        pre / measuredFrames,
        inference / measuredFrames,
        post / measuredFrames,
        measuredFrames / (totalMs / 1000.0));
  }
}
