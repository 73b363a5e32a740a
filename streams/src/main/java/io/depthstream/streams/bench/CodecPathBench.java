package io.depthstream.streams.bench;

import io.depthstream.core.bench.LatencyStats;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.depth.StripedDepthPng;
import io.depthstream.core.geometry.LidarProjector;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.ModelInput;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroSerdes;
import io.depthstream.streams.groundtruth.TruthDepth;
import io.depthstream.streams.groundtruth.TruthDepthSerde;
import io.depthstream.streams.inference.EstimatedFrame;
import io.depthstream.streams.inference.FrameInference;
import io.depthstream.streams.matching.FrameScoring;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Path (b) of the pipeline benchmark: the engine plus the codecs the service pays for every frame,
 * in the service's order and with its settings, without Kafka: the JPEG decoded with the service's
 * {@link ImageLimits} (FrameInference), the model (batch 1) and the depth PNG encoded at the
 * service's scale (FrameInference). Its frames/s is (b)'s.
 *
 * <p>Beside it, outside (b)'s time, what a frame with LiDAR ground truth costs on top, once per
 * scored frame: the bench's sweep unpacked and projected into sparse depth at the ground-truth
 * scale (GroundTruthProjection), the {@code ground-truth} store's serde there and back
 * (TruthDepthSerde, what the changelog and a fetch pay), and the frame scored at the truth's pixels
 * (FrameScoring). Frames without ground truth pay none of it, so it is not part of (b).
 */
final class CodecPathBench {

  private final DepthEstimator estimator;
  private final ModelInput input;
  // The decode runs wholly on the calling thread, so its CPU time is the decode's own; the wall
  // time beside it also holds whatever stopped the thread (a collection, a preemption).
  private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

  private final ImageDecoder decoder;
  private final double scale;
  private final StripedDepthPng png;
  private final LidarProjector projector;
  private final double groundTruthScale;
  private final TruthDepthSerde truthSerde;
  private final FrameScoring scoring;

  /**
   * @param scale metres per PNG unit of the published maps (DepthScale.forBundle)
   * @param reduceJpeg depthstream.image.reduce-jpeg
   * @param pngStripes depthstream.depth.png-stripes
   * @param groundTruthScale depthstream.depth.ground-truth-scale
   * @param scoring the service's scoring, with its protocol
   */
  CodecPathBench(
      DepthEstimator estimator,
      ImageLimits limits,
      boolean reduceJpeg,
      double scale,
      int pngStripes,
      double groundTruthScale,
      FrameScoring scoring) {
    this.estimator = estimator;
    this.input = estimator.bundle().input();
    this.decoder = new ImageDecoder(limits, reduceJpeg);
    this.scale = scale;
    this.png = FrameInference.pngEncoder(pngStripes);
    this.projector = new LidarProjector(limits);
    this.groundTruthScale = groundTruthScale;
    this.truthSerde = new TruthDepthSerde(AvroSerdes.groundTruth(), limits);
    this.scoring = scoring;
  }

  /**
   * Mean milliseconds per frame of each stage, the frames/s of the whole and the PNG size; and the
   * LiDAR path's cost per scored frame.
   */
  record Result(
      int frames,
      double seconds,
      double jpegDecodeMs,
      double jpegDecodeCpuMs,
      double modelMs,
      double inferenceMs,
      double pngEncodeMs,
      double meanPngBytes,
      LidarPath lidar,
      CpuUse cpu) {

    double framesPerSecond() {
      return frames / seconds;
    }
  }

  /**
   * What a frame with a LiDAR sweep costs on top of (b), mean per scored frame.
   *
   * @param projectionMs the sweep unpacked and projected into sparse depth, rounded to the scale
   * @param storeSerdeMs the sparse truth serialised for the store and read back
   * @param scoringMs the frame scored at the truth's pixels
   * @param storeBytes the stored value's size, what the {@code ground-truth} changelog gets
   * @param truthPixels pixels with depth in the projected sweep
   */
  record LidarPath(
      double projectionMs,
      double storeSerdeMs,
      double scoringMs,
      double storeBytes,
      double truthPixels) {

    double totalMs() {
      return projectionMs + storeSerdeMs + scoringMs;
    }
  }

  Result run(BenchFrames frames, int warmup, int count) {
    for (int i = 0; i < warmup; i++) {
      lidar(frames, i, Predicted.of(once(frames.jpeg(i), null, 0)), null, 0);
    }
    double[][] stages = new double[6][count];
    // Only what scoring reads is kept (the model-resolution map, ~12 KB a frame for the default
    // model): keeping whole predictions (a 1.2 MB map at 640×480 each) held a gigabyte of a
    // 900-frame run live while (b) was timed, and ran a 3 GB heap out at 2,700 frames.
    Predicted[] predictions = new Predicted[count];
    CpuUse.Meter meter = CpuUse.start();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      predictions[i] = Predicted.of(once(frames.jpeg(i), stages, i));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    CpuUse cpu = meter.stop();
    // The LiDAR path after (b)'s clock stopped, on the predictions (b) made.
    double[][] lidar = new double[5][count];
    for (int i = 0; i < count; i++) {
      lidar(frames, i, predictions[i], lidar, i);
    }
    return new Result(
        count,
        seconds,
        new LatencyStats(stages[0]).mean(),
        new LatencyStats(stages[5]).mean(),
        new LatencyStats(stages[1]).mean(),
        new LatencyStats(stages[2]).mean(),
        new LatencyStats(stages[3]).mean(),
        new LatencyStats(stages[4]).mean(),
        new LidarPath(
            new LatencyStats(lidar[0]).mean(),
            new LatencyStats(lidar[1]).mean(),
            new LatencyStats(lidar[2]).mean(),
            new LatencyStats(lidar[3]).mean(),
            new LatencyStats(lidar[4]).mean()),
        cpu);
  }

  /** One frame through (b)'s three stages; records stage times and the PNG's size. */
  private DepthPrediction once(byte[] jpeg, double[][] stages, int at) {
    long cpu0 = THREAD_CPU.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    // As FrameInference decodes: for the model that runs it (straight to its input size when
    // depthstream.image.reduce-jpeg is on).
    RgbImage picture =
        decoder.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, input.width(), input.height());
    long t1 = System.nanoTime();
    long cpu1 = THREAD_CPU.getCurrentThreadCpuTime();
    DepthPrediction prediction = estimator.predict(picture);
    long t2 = System.nanoTime();
    byte[] encoded = this.png.encode(prediction.depth(), scale);
    long t3 = System.nanoTime();
    if (stages != null) {
      stages[0][at] = (t1 - t0) / 1e6;
      stages[1][at] = (t2 - t1) / 1e6;
      stages[2][at] = prediction.timings().inferenceMsPerFrame();
      stages[3][at] = (t3 - t2) / 1e6;
      stages[4][at] = encoded.length;
      stages[5][at] = (cpu1 - cpu0) / 1e6;
    }
    return prediction;
  }

  /**
   * What the matcher keeps of a prediction, and so all the LiDAR path reads: the published map's
   * size and the model-resolution map.
   */
  private record Predicted(int width, int height, DepthImage modelResolution) {

    static Predicted of(DepthPrediction prediction) {
      return new Predicted(
          prediction.depth().width(), prediction.depth().height(), prediction.modelResolution());
    }
  }

  /** Frame {@code i}'s sweep through the LiDAR path against {@code prediction}; records times. */
  private void lidar(BenchFrames frames, int i, Predicted prediction, double[][] stages, int at) {
    long t0 = System.nanoTime();
    float[] points = LidarProjector.unpack(frames.sweep(i), BenchFrames.POINT_STRIDE);
    SparseDepth sweep =
        projector.projectSparse(points, BenchFrames.POINT_STRIDE, frames.calibration());
    TruthDepth truth = TruthDepth.Sparse.rounded(i, sweep, groundTruthScale);
    long t1 = System.nanoTime();
    byte[] stored = truthSerde.serializer().serialize("ground-truth", truth);
    TruthDepth fetched = truthSerde.deserializer().deserialize("ground-truth", stored);
    long t2 = System.nanoTime();
    boolean scored = scoring.score(frameOf(prediction), fetched).isPresent();
    long t3 = System.nanoTime();
    if (stages != null) {
      if (!scored) {
        throw new IllegalStateException("the bench's sweep scored no pixel of frame " + i);
      }
      stages[0][at] = (t1 - t0) / 1e6;
      stages[1][at] = (t2 - t1) / 1e6;
      stages[2][at] = (t3 - t2) / 1e6;
      stages[3][at] = stored.length;
      stages[4][at] = sweep.count();
    }
  }

  /** The frame as the matcher holds it: the record (without PNG) and the model-resolution map. */
  private EstimatedFrame frameOf(Predicted prediction) {
    DepthMap map =
        DepthMap.newBuilder()
            .setVehicleId("bench")
            .setCameraId("cam0")
            .setSequence(0)
            .setCaptureTime(Instant.ofEpochMilli(0))
            .setWidth(prediction.width())
            .setHeight(prediction.height())
            .setScale(scale)
            .setDepthPng(ByteBuffer.allocate(0))
            .setModelId("bench")
            .setModelVersion("0")
            .setProvider("bench")
            .setInferenceMs(0.0)
            .setEndToEndMs(0)
            .build();
    return new EstimatedFrame(map, prediction.modelResolution());
  }
}
