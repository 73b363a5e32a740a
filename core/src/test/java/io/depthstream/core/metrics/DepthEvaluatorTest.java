package io.depthstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DepthEvaluatorTest {

  private static final double EPS = 1e-12;

  @Test
  void scoresATinyImageByHand() {
    // gt   = [1, 2, 4, 0]  (the 0 is invalid and not scored)
    // pred = [1, 1, 5, 3]
    // pixel a: gt 1, p 1 -> r 1,    |gt-p| 0, (gt-p)^2 0, d = ln 1 = 0
    // pixel b: gt 2, p 1 -> r 2,    |gt-p| 1, abs_rel 1/2, sq_rel 1/2, d = ln(1/2) = -ln 2
    // pixel c: gt 4, p 5 -> r 1.25, |gt-p| 1, abs_rel 1/4, sq_rel 1/4, d = ln(5/4)
    // delta1: r < 1.25 only for a (1.25 is not < 1.25)        -> 1/3
    // delta2: r < 1.5625 for a and c                          -> 2/3
    // delta3: r < 1.953125 for a and c (2 is not)             -> 2/3
    // abs_rel = (0 + 1/2 + 1/4) / 3 = 0.25; sq_rel likewise = 0.25
    // rmse = sqrt((0 + 1 + 1) / 3) = sqrt(2/3)
    // rmse_log = sqrt((ln^2 2 + ln^2 1.25) / 3)
    // log10 = (0 + log10 2 + log10 1.25) / 3 = log10(2.5) / 3
    // silog = 100 sqrt((ln^2 2 + ln^2 1.25)/3 - ((ln 1.25 - ln 2)/3)^2) = 39.0133...
    DepthImage gt = new DepthImage(2, 2, new float[] {1, 2, 4, 0});
    DepthImage pred = new DepthImage(2, 2, new float[] {1, 1, 5, 3});
    DepthMetrics m = DepthEvaluator.evaluate(pred, gt, new EvaluationProtocol(1e-3, 10, Crop.NONE));

    double a = Math.log(2);
    double b = Math.log(1.25);
    assertThat(m.validPixels()).isEqualTo(3);
    assertThat(m.delta1()).isCloseTo(1.0 / 3, within(EPS));
    assertThat(m.delta2()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(m.delta3()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(m.absRel()).isCloseTo(0.25, within(EPS));
    assertThat(m.sqRel()).isCloseTo(0.25, within(EPS));
    assertThat(m.rmse()).isCloseTo(Math.sqrt(2.0 / 3), within(EPS));
    assertThat(m.rmseLog()).isCloseTo(Math.sqrt((a * a + b * b) / 3), within(EPS));
    assertThat(m.log10()).isCloseTo(Math.log10(2.5) / 3, within(EPS));
    double meanD = (b - a) / 3;
    assertThat(m.silog())
        .isCloseTo(100 * Math.sqrt((a * a + b * b) / 3 - meanD * meanD), within(1e-10))
        .isCloseTo(39.01331345, within(1e-6));
  }

  @Test
  void scoresOnlyGroundTruthStrictlyInsideTheRangeAndClipsPredictions() {
    // protocol 0.5 < gt < 10
    // gt   = [9,  12, 0.5, 5,   10, 0.4]: scored are 9 and 5 (12, 10 too far; 0.5, 0.4 too near)
    // pred = [20, 3,  3,   0,   1,  1  ]: 20 clips to 10, 0 clips to 0.5
    // pixel 9 vs 10:  r 10/9 (< 1.25), abs_rel 1/9, sq_rel 1/9, (gt-p)^2 1, d = ln(10/9)
    // pixel 5 vs 0.5: r 10 (> 1.953), abs_rel 4.5/5 = 0.9, sq_rel 20.25/5 = 4.05,
    //                 (gt-p)^2 = 20.25, d = ln(0.1)
    // deltas all 1/2; abs_rel (1/9 + 0.9)/2; sq_rel (1/9 + 4.05)/2; rmse sqrt(21.25/2)
    // rmse_log sqrt((ln^2(10/9) + ln^2 10)/2); log10 (log10(10/9) + 1)/2
    // silog with two values: the spread is |d1 - d2|/2 = ln(100/9)/2, times 100
    DepthImage gt = new DepthImage(6, 1, new float[] {9, 12, 0.5f, 5, 10, 0.4f});
    DepthImage pred = new DepthImage(6, 1, new float[] {20, 3, 3, 0, 1, 1});
    DepthMetrics m = DepthEvaluator.evaluate(pred, gt, new EvaluationProtocol(0.5, 10, Crop.NONE));

    assertThat(m.validPixels()).isEqualTo(2);
    assertThat(m.delta1()).isEqualTo(0.5);
    assertThat(m.delta2()).isEqualTo(0.5);
    assertThat(m.delta3()).isEqualTo(0.5);
    assertThat(m.absRel()).isCloseTo((1.0 / 9 + 0.9) / 2, within(EPS));
    assertThat(m.sqRel()).isCloseTo((1.0 / 9 + 4.05) / 2, within(EPS));
    assertThat(m.rmse()).isCloseTo(Math.sqrt(21.25 / 2), within(EPS));
    double d1 = Math.log(10.0 / 9);
    double d2 = Math.log(0.1);
    assertThat(m.rmseLog()).isCloseTo(Math.sqrt((d1 * d1 + d2 * d2) / 2), within(EPS));
    assertThat(m.log10()).isCloseTo((Math.log10(10.0 / 9) + 1) / 2, within(EPS));
    assertThat(m.silog()).isCloseTo(100 * Math.log(100.0 / 9) / 2, within(1e-10));
  }

  @Test
  void aMissingPredictionCountsAsMinDepth() {
    // gt 2, prediction NaN -> 0.5: r = 4, abs_rel 1.5/2 = 0.75
    DepthMetrics m =
        DepthEvaluator.evaluate(
            new DepthImage(1, 1, new float[] {Float.NaN}),
            new DepthImage(1, 1, new float[] {2}),
            new EvaluationProtocol(0.5, 10, Crop.NONE));
    assertThat(m.absRel()).isEqualTo(0.75);
    assertThat(m.delta3()).isZero();
  }

  @Test
  void perfectPredictionScoresPerfectly() {
    DepthImage gt = new DepthImage(3, 1, new float[] {1.5f, 2.5f, 7f});
    DepthMetrics m = DepthEvaluator.evaluate(gt, gt, EvaluationProtocol.NYU.withCrop(Crop.NONE));
    assertThat(m.toArray()).containsExactly(1, 1, 1, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void cropWindowsMatchTheBenchmarks() {
    // NYU at 480x640: rows 45..470, cols 41..600 inclusive.
    assertThat(Crop.EIGEN.window(640, 480)).isEqualTo(new Crop.Window(45, 471, 41, 601));
    // Half size: 22.5 -> 22, 235.5 -> 235, 20.5 -> 20, 300.5 -> 300.
    assertThat(Crop.EIGEN.window(320, 240)).isEqualTo(new Crop.Window(22, 235, 20, 300));
    // 160 rows: 471 * 160 / 480 = 157 exactly, no floating-point shortfall to 156.
    assertThat(Crop.EIGEN.window(640, 160)).isEqualTo(new Crop.Window(15, 157, 41, 601));
    // KITTI 375x1242: int(153.04), int(371.96), int(44.65), int(1197.35).
    assertThat(Crop.GARG.window(1242, 375)).isEqualTo(new Crop.Window(153, 371, 44, 1197));
    assertThat(Crop.NONE.window(7, 5)).isEqualTo(new Crop.Window(0, 5, 0, 7));
  }

  @Test
  void gargCropLeavesOutPixelsOutsideIt() {
    // 10x10: rows int(4.08)=4 .. int(9.92)=9 exclusive, cols int(0.36)=0 .. int(9.64)=9 exclusive
    // -> 5 rows x 9 cols = 45 scored pixels. One wrong pixel inside (x 0, y 4, p 2 vs gt 1) and
    // three outside (x 9 / y 9 / y 3) that must not count.
    float[] gt = new float[100];
    Arrays.fill(gt, 1f);
    float[] pred = gt.clone();
    pred[4 * 10] = 2;
    pred[4 * 10 + 9] = 2;
    pred[9 * 10 + 3] = 2;
    pred[3 * 10 + 3] = 2;
    DepthMetrics m =
        DepthEvaluator.evaluate(
            new DepthImage(10, 10, pred),
            new DepthImage(10, 10, gt),
            new EvaluationProtocol(1e-3, 80, Crop.GARG));
    assertThat(m.validPixels()).isEqualTo(45);
    assertThat(m.delta1()).isCloseTo(44.0 / 45, within(EPS));
    assertThat(m.absRel()).isCloseTo(1.0 / 45, within(EPS));
    assertThat(m.rmse()).isCloseTo(Math.sqrt(1.0 / 45), within(EPS));
  }

  @Test
  void groundTruthOfExactlyMinDepthIsNotScoredThoughStoredAsFloat() {
    // 0.001f is 0.0010000000475 as a double, above 1e-3; compared in float it equals the minimum.
    DepthImage gt = new DepthImage(2, 1, new float[] {0.001f, 2});
    DepthMetrics m = DepthEvaluator.evaluate(gt, gt, EvaluationProtocol.NYU.withCrop(Crop.NONE));
    assertThat(m.validPixels()).isEqualTo(1);
  }

  @Test
  void anImageWithoutScoredPixelsIsEmpty() {
    DepthImage gt = new DepthImage(2, 1, new float[] {0, 50});
    DepthMetrics m = DepthEvaluator.evaluate(gt, gt, EvaluationProtocol.NYU.withCrop(Crop.NONE));
    assertThat(m.isEmpty()).isTrue();
    assertThat(m.rmse()).isNaN();
  }

  @Test
  void rejectsMismatchedSizesNamingBoth() {
    assertThatThrownBy(
            () ->
                DepthEvaluator.evaluate(
                    DepthImage.empty(320, 240), DepthImage.empty(640, 480), EvaluationProtocol.NYU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prediction is 320x240 but ground truth is 640x480");
  }

  @Test
  void rejectsANonsenseRange() {
    assertThatThrownBy(() -> new EvaluationProtocol(10, 1, Crop.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < min depth < max depth");
  }

  /** Near wall left of {@code stepAt}, far wall right of it; rows {@code [0, skyRows)} no depth. */
  private static DepthImage wallStep(int w, int h, int stepAt, int skyRows) {
    float[] m = new float[w * h];
    for (int y = skyRows; y < h; y++) {
      for (int x = 0; x < w; x++) {
        m[y * w + x] = x < stepAt ? 2f : 4f;
      }
    }
    return new DepthImage(w, h, m);
  }

  @Test
  void denseGroundTruthAlsoGetsTheDepthBoundaryError() {
    // The prediction's step is 3 columns right of the truth's: 3 px for both
    // (DepthBoundaryErrorTest).
    DepthMetrics m =
        DepthEvaluator.evaluate(
            wallStep(48, 24, 23, 0),
            wallStep(48, 24, 20, 0),
            new EvaluationProtocol(1e-3, 10, Crop.NONE));
    assertThat(m.hasBoundaryError()).isTrue();
    assertThat(m.dbeAccuracy()).isCloseTo(3, within(1e-6));
    assertThat(m.dbeCompleteness()).isCloseTo(3, within(1e-6));
  }

  @Test
  void sparseGroundTruthHasNoDepthBoundaryError() {
    // 16 of 24 rows without depth: a third of the pixels scored, under the half DBE needs; the
    // other scores are there as always.
    DepthMetrics m =
        DepthEvaluator.evaluate(
            wallStep(48, 24, 23, 16),
            wallStep(48, 24, 20, 16),
            new EvaluationProtocol(1e-3, 10, Crop.NONE));
    assertThat(m.isEmpty()).isFalse();
    assertThat(m.validPixels()).isEqualTo(48 * 8);
    assertThat(m.hasBoundaryError()).isFalse();
    assertThat(m.dbeAccuracy()).isNaN();
    assertThat(m.dbeCompleteness()).isNaN();
  }
}
