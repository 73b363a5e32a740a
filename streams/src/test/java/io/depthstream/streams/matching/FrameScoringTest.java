package io.depthstream.streams.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.streams.groundtruth.TruthDepth;
import io.depthstream.streams.inference.EstimatedFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameScoringTest {

  private static final EvaluationProtocol[] PROTOCOLS = {
    EvaluationProtocol.NYU,
    EvaluationProtocol.KITTI,
    new EvaluationProtocol(0.5, 30, Crop.NONE),
    new EvaluationProtocol(1e-3, 80, Crop.EIGEN),
  };

  @Test
  void nearestNeighbourResizeKeepsEdgesSharp() {
    // 2x1 map (near | far) to 4x2: left half near, right half far, nothing in between.
    DepthImage source = new DepthImage(2, 1, new float[] {1f, 9f});
    DepthImage resized = FrameScoring.resize(source, 4, 2);
    assertThat(resized.metres()).containsExactly(1f, 1f, 9f, 9f, 1f, 1f, 9f, 9f);
  }

  @Test
  void sameSizeIsTheSameMap() {
    DepthImage source = DepthImage.empty(3, 2);
    assertThat(FrameScoring.resize(source, 3, 2)).isSameAs(source);
  }

  /**
   * Random sparse truths scored both ways: densely as before issue 12 (the published map rebuilt,
   * nearest-resized to the truth, {@link DepthEvaluator} over every pixel of the PNG-decoded truth)
   * and at the truth's pixels only. Equal and different sizes, each protocol, both map scales,
   * boundary error on and off: the metrics must be equal, not close.
   */
  @Test
  void sparseScoringEqualsTheDensePathExactly() {
    Random random = new Random(12);
    int[][] sizes = {
      // model w, h; frame (published map) w, h; ground truth w, h
      {64, 48, 640, 480, 640, 480},
      {64, 48, 640, 480, 320, 240},
      {32, 24, 320, 240, 1242, 375},
      {40, 30, 200, 150, 97, 131},
      {16, 12, 160, 120, 160, 120},
    };
    int compared = 0;
    for (EvaluationProtocol protocol : PROTOCOLS) {
      for (boolean boundaryError : new boolean[] {false, true}) {
        FrameScoring scoring = new FrameScoring(protocol, ImageLimits.DEFAULTS, boundaryError);
        for (int[] s : sizes) {
          double scale = random.nextBoolean() ? DepthPngCodec.KITTI : DepthPngCodec.MILLIMETRES;
          EstimatedFrame frame = frame(random, s[0], s[1], s[2], s[3], scale);
          TruthDepth.Sparse truth =
              TruthDepth.Sparse.rounded(1_000L, scanLines(random, s[4], s[5]), DepthPngCodec.KITTI);
          // Before issue 12: the truth went through a 16-bit PNG at the ground-truth scale.
          DepthImage decodedTruth =
              DepthPngCodec.decode(
                  DepthPngCodec.encode(truth.depth().toImage(), DepthPngCodec.KITTI),
                  DepthPngCodec.KITTI);
          DepthMetrics dense =
              new DepthEvaluator(protocol, boundaryError)
                  .evaluate(
                      FrameScoring.resize(
                          frame.published(), decodedTruth.width(), decodedTruth.height()),
                      decodedTruth);
          DepthMetrics sparse = scoring.metricsOf(frame, truth);
          assertThat(sparse)
              .as("%s, sizes %s", protocol, java.util.Arrays.toString(s))
              .isEqualTo(dense);
          assertThat(sparse.validPixels()).isPositive();
          FrameMetrics record = scoring.score(frame, truth).orElseThrow();
          assertThat(record.getAbsRel()).isEqualTo(dense.absRel());
          assertThat(record.getSilog()).isEqualTo(dense.silog());
          assertThat(record.getGroundTruthOffsetMs()).isEqualTo(1_000L - 5_000L);
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(PROTOCOLS.length * 2 * sizes.length);
  }

  @Test
  void sparseTruthDenseEnoughForTheBoundaryErrorTakesTheDensePath() {
    // A fully covered truth: the boundary error may apply, so the sparse form is scored densely
    // and carries it (or its absence) exactly as the dense evaluation does.
    Random random = new Random(4);
    EstimatedFrame frame = frame(random, 16, 12, 160, 120, DepthPngCodec.MILLIMETRES);
    float[] full = new float[160 * 120];
    for (int y = 0; y < 120; y++) {
      for (int x = 0; x < 160; x++) {
        full[y * 160 + x] = x < 80 ? 2f : 6f;
      }
    }
    DepthImage truthImage = new DepthImage(160, 120, full);
    TruthDepth.Sparse truth =
        TruthDepth.Sparse.rounded(0L, SparseDepth.of(truthImage), DepthPngCodec.KITTI);
    EvaluationProtocol protocol = EvaluationProtocol.NYU;
    FrameScoring scoring = new FrameScoring(protocol, ImageLimits.DEFAULTS, true);
    DepthMetrics viaScoring = scoring.metricsOf(frame, truth);
    DepthMetrics dense =
        new DepthEvaluator(protocol, true).evaluate(frame.published(), truth.depth().toImage());
    assertThat(viaScoring).isEqualTo(dense);
    assertThat(viaScoring.hasBoundaryError()).isTrue();
  }

  @Test
  void aDepthSensorImageIsScoredFromItsPng() {
    Random random = new Random(8);
    EstimatedFrame frame = frame(random, 16, 12, 160, 120, DepthPngCodec.MILLIMETRES);
    DepthImage measured = scanLines(random, 160, 120).toImage();
    byte[] png = DepthPngCodec.encode(measured, DepthPngCodec.MILLIMETRES);
    FrameScoring scoring = new FrameScoring(EvaluationProtocol.NYU, ImageLimits.DEFAULTS, true);
    DepthMetrics viaPng =
        scoring.metricsOf(frame, new TruthDepth.DepthPng(0L, png, DepthPngCodec.MILLIMETRES));
    DepthImage decoded = DepthPngCodec.decode(png, DepthPngCodec.MILLIMETRES);
    assertThat(viaPng)
        .isEqualTo(
            new DepthEvaluator(EvaluationProtocol.NYU, true).evaluate(frame.published(), decoded));
  }

  /** A frame as FrameInference makes it: a model-resolution prediction published at frame size. */
  static EstimatedFrame frame(
      Random random, int modelWidth, int modelHeight, int width, int height, double scale) {
    float[] metres = new float[modelWidth * modelHeight];
    for (int i = 0; i < metres.length; i++) {
      int pick = random.nextInt(200);
      metres[i] = pick == 0 ? Float.NaN : 0.3f + 85 * random.nextFloat();
    }
    DepthMap map =
        DepthMap.newBuilder()
            .setVehicleId("car-1")
            .setCameraId("front")
            .setSequence(7)
            .setCaptureTime(Instant.ofEpochMilli(5_000L))
            .setWidth(width)
            .setHeight(height)
            .setScale(scale)
            .setDepthPng(ByteBuffer.allocate(0))
            .setModelId("m")
            .setModelVersion("1")
            .setProvider("CPU")
            .setInferenceMs(3.0)
            .setEndToEndMs(9)
            .build();
    return new EstimatedFrame(map, new DepthImage(modelWidth, modelHeight, metres));
  }

  /** LiDAR-like truth: every third row partly covered, some depths past every range. */
  static SparseDepth scanLines(Random random, int width, int height) {
    float[] m = new float[width * height];
    for (int y = 0; y < height; y += 3) {
      for (int x = 0; x < width; x++) {
        if (random.nextInt(3) > 0) {
          m[y * width + x] =
              random.nextInt(30) == 0
                  ? 100f + 100 * random.nextFloat()
                  : 0.2f + 79 * random.nextFloat();
        }
      }
    }
    return SparseDepth.of(new DepthImage(width, height, m));
  }
}
