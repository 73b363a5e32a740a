package io.depthstream.streams.bench;

import io.depthstream.core.bench.LatencyStats;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.StripedDepthPng;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.DepthUpsampling;
import io.depthstream.streams.inference.FrameInference;

/**
 * Path (b) of the pipeline benchmark: the engine plus the per-frame codecs the service pays for a
 * frame, in the service's order and with its settings, without Kafka: the JPEG decoded with the
 * service's {@link ImageLimits} (FrameInference), the model (batch 1), the depth PNG encoded at the
 * service's scale (FrameInference), and the published values rebuilt from the prediction at model
 * resolution, as FrameScoring does before it scores a map (EstimatedFrame#published).
 */
final class CodecPathBench {

  private final DepthEstimator estimator;
  private final ImageDecoder decoder;
  private final double scale;
  private final StripedDepthPng png;

  /**
   * @param scale metres per PNG unit of the published maps (DepthScale.forBundle)
   * @param pngStripes depthstream.depth.png-stripes
   */
  CodecPathBench(DepthEstimator estimator, ImageLimits limits, double scale, int pngStripes) {
    this.estimator = estimator;
    this.decoder = new ImageDecoder(limits);
    this.scale = scale;
    this.png = FrameInference.pngEncoder(pngStripes);
  }

  /** Mean milliseconds per frame of each stage, the frames/s of the whole and the PNG size. */
  record Result(
      int frames,
      double seconds,
      double jpegDecodeMs,
      double modelMs,
      double inferenceMs,
      double pngEncodeMs,
      double scoringRebuildMs,
      double meanPngBytes) {

    double framesPerSecond() {
      return frames / seconds;
    }
  }

  Result run(BenchFrames frames, int warmup, int count) {
    for (int i = 0; i < warmup; i++) {
      once(frames.jpeg(i), null, 0);
    }
    double[][] stages = new double[5][count];
    double pngBytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      pngBytes += once(frames.jpeg(i), stages, i);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        count,
        seconds,
        new LatencyStats(stages[0]).mean(),
        new LatencyStats(stages[1]).mean(),
        new LatencyStats(stages[2]).mean(),
        new LatencyStats(stages[3]).mean(),
        new LatencyStats(stages[4]).mean(),
        pngBytes / count);
  }

  /** One frame through the four stages; returns the PNG's size and records stage times. */
  private int once(byte[] jpeg, double[][] stages, int at) {
    long t0 = System.nanoTime();
    RgbImage picture = decoder.decode(jpeg, ImageFormat.JPEG, 0, 0);
    long t1 = System.nanoTime();
    DepthPrediction prediction = estimator.predict(picture);
    long t2 = System.nanoTime();
    byte[] png = this.png.encode(prediction.depth(), scale);
    long t3 = System.nanoTime();
    DepthImage rebuilt =
        DepthPngCodec.quantised(
            DepthUpsampling.toSize(prediction.modelResolution(), picture.width(), picture.height()),
            scale);
    long t4 = System.nanoTime();
    if (rebuilt.width() != picture.width()) {
      throw new IllegalStateException("the rebuilt prediction has another width");
    }
    if (stages != null) {
      stages[0][at] = (t1 - t0) / 1e6;
      stages[1][at] = (t2 - t1) / 1e6;
      stages[2][at] = prediction.timings().inferenceMsPerFrame();
      stages[3][at] = (t3 - t2) / 1e6;
      stages[4][at] = (t4 - t3) / 1e6;
    }
    return png.length;
  }
}
