package io.depthstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.depth.DepthAt;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.Resampling;
import io.depthstream.core.inference.DepthUpsampling;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scoring at the pixels of sparse ground truth gives the dense evaluation's numbers exactly, and
 * the published prediction read at those pixels is the published map's.
 */
class SparseEvaluationTest {

  private static final EvaluationProtocol[] PROTOCOLS = {
    EvaluationProtocol.NYU, EvaluationProtocol.KITTI, new EvaluationProtocol(0.5, 30, Crop.NONE),
  };

  @Test
  void sparseScoresEqualDenseScoresBitForBit() {
    Random random = new Random(3);
    for (EvaluationProtocol protocol : PROTOCOLS) {
      for (int trial = 0; trial < 20; trial++) {
        int w = 20 + random.nextInt(300);
        int h = 10 + random.nextInt(200);
        DepthImage truth = randomTruth(random, w, h, 0.05 + 0.3 * random.nextDouble());
        DepthImage prediction = randomPrediction(random, w, h);
        DepthMetrics dense = new DepthEvaluator(protocol, false).evaluate(prediction, truth);
        DepthMetrics sparse =
            new DepthEvaluator(protocol, false).evaluate(prediction::at, SparseDepth.of(truth));
        assertThat(sparse).as("%s, %dx%d", protocol, w, h).isEqualTo(dense);
      }
    }
  }

  @Test
  void noScoredPixelIsEmptyBothWays() {
    DepthImage truth = new DepthImage(4, 1, new float[] {0, 50, 0, 0.0005f});
    DepthAt prediction = (x, y) -> 1f;
    assertThat(
            new DepthEvaluator(EvaluationProtocol.NYU.withCrop(Crop.NONE), false)
                .evaluate(prediction, SparseDepth.of(truth))
                .isEmpty())
        .isTrue();
  }

  @Test
  void theBoundaryErrorIsLeftToTheDensePathOnlyWhereItCouldApply() {
    EvaluationProtocol protocol = EvaluationProtocol.NYU.withCrop(Crop.NONE);
    DepthImage half = randomTruth(new Random(1), 40, 30, 0.0);
    for (int i = 0; i < 40 * 15; i++) {
      half.metres()[i] = 3f;
    }
    DepthImage lines = randomTruth(new Random(2), 40, 30, 0.3);
    assertThat(new DepthEvaluator(protocol, true).boundaryErrorMayApply(SparseDepth.of(half)))
        .isTrue();
    assertThat(new DepthEvaluator(protocol, true).boundaryErrorMayApply(SparseDepth.of(lines)))
        .isFalse();
    assertThat(new DepthEvaluator(protocol, false).boundaryErrorMayApply(SparseDepth.of(half)))
        .isFalse();
    // Below the density fence the dense path finds it absent too.
    assertThat(
            DepthBoundaryError.of(randomPrediction(new Random(4), 40, 30), lines, protocol)
                .isAbsent())
        .isTrue();
  }

  @Test
  void thePublishedMapReadAtGridPixelsIsThePublishedMapResampled() {
    // The published map: the model-resolution prediction upsampled to the frame and quantised to
    // the map's scale; then nearest-resampled to the ground truth's grid when that differs.
    Random random = new Random(9);
    int[][] cases = {
      {64, 48, 640, 480, 640, 480},
      {64, 48, 640, 480, 320, 240},
      {32, 24, 320, 240, 1242, 375},
      {16, 12, 160, 120, 97, 131}
    };
    for (double scale : new double[] {DepthPngCodec.KITTI, DepthPngCodec.MILLIMETRES}) {
      for (int[] c : cases) {
        DepthImage model = randomPrediction(random, c[0], c[1]);
        DepthImage published =
            DepthPngCodec.quantised(DepthUpsampling.toSize(model, c[2], c[3]), scale);
        DepthAt at = DepthUpsampling.publishedAt(model, c[2], c[3], scale, c[4], c[5]);
        for (int y = 0; y < c[5]; y++) {
          for (int x = 0; x < c[4]; x++) {
            float expected =
                published.at(Resampling.nearest(x, c[2], c[4]), Resampling.nearest(y, c[3], c[5]));
            assertThat(Float.floatToRawIntBits(at.at(x, y)))
                .as("case %s at (%d, %d)", java.util.Arrays.toString(c), x, y)
                .isEqualTo(Float.floatToRawIntBits(expected));
          }
        }
      }
    }
  }

  /** Scan-line-like truth: about {@code density} of the pixels valid, some outside any range. */
  static DepthImage randomTruth(Random random, int w, int h, double density) {
    float[] m = new float[w * h];
    for (int i = 0; i < m.length; i++) {
      if (random.nextDouble() < density) {
        m[i] =
            random.nextInt(20) == 0
                ? 90f + random.nextFloat() * 200
                : 0.2f + 70 * random.nextFloat();
      }
    }
    return new DepthImage(w, h, m);
  }

  /** Predictions with the odd NaN and zero, which the protocol clips. */
  static DepthImage randomPrediction(Random random, int w, int h) {
    float[] m = new float[w * h];
    for (int i = 0; i < m.length; i++) {
      int pick = random.nextInt(50);
      m[i] = pick == 0 ? Float.NaN : pick == 1 ? 0f : 0.1f + 90 * random.nextFloat();
    }
    return new DepthImage(w, h, m);
  }
}
