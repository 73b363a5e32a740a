package io.depthstream.core.bench;

import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.StageTimings;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a {@link DepthEstimator} at one batch size: unmeasured calls first (ONNX Runtime
 * allocates and tunes on the first runs, the JIT compiles the per-frame stages), then {@code
 * iterations} measured calls of {@code predictBatch} on the same frames, timed by the wall clock
 * and by the engine's own stage timings.
 */
public final class InferenceBench {

  /**
   * Frames each batch size runs unmeasured whatever the warm-up in calls: HotSpot's optimising
   * compiler takes a method only after some hundreds of calls (C2's {@code
   * Tier4MinInvocationThreshold} is 600), and the per-frame stages (encode, decode, enlarging the
   * map to the frame) are called once a frame. With 50 warm-up calls at batch 1 the enlarging ran
   * in profiled code through all 400 measured calls: postprocess 2.2 ms a frame, 0.3 ms compiled,
   * and batch 1 read 184 frames/s where it runs 330 (BENCHMARKS.md, eighteenth run).
   */
  public static final int JIT_WARMUP_FRAMES = 1000;

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

  /**
   * As {@link #run(int, int, int, int)} with at least {@link #JIT_WARMUP_FRAMES} frames of warm-up.
   */
  public BatchResult run(int batch, int warmup, int iterations) {
    return run(batch, warmup, iterations, JIT_WARMUP_FRAMES);
  }

  /**
   * Measures batch size {@code batch}: {@link #warmupCalls} unmeasured calls, then {@code
   * iterations} measured ones.
   *
   * @param warmup unmeasured calls at least
   * @param warmupFrames unmeasured frames at least (0 for none beyond {@code warmup})
   */
  public BatchResult run(int batch, int warmup, int iterations, int warmupFrames) {
    if (batch < 1 || warmup < 0 || iterations < 1 || warmupFrames < 0) {
      throw new IllegalArgumentException(
          "batch and iterations must be at least 1, warmup and warm-up frames 0 or more; got batch "
              + batch
              + ", warmup "
              + warmup
              + ", iterations "
              + iterations
              + ", warm-up frames "
              + warmupFrames);
    }
    List<RgbImage> input = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      input.add(frames.get(i % frames.size()));
    }
    for (int i = warmupCalls(batch, warmup, warmupFrames); i > 0; i--) {
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

  /**
   * Unmeasured calls at batch size {@code batch}: {@code warmup} calls, or as many as cover {@code
   * warmupFrames} frames if that is more.
   */
  public static int warmupCalls(int batch, int warmup, int warmupFrames) {
    return Math.max(warmup, (warmupFrames + batch - 1) / batch);
  }
}
