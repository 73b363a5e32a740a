package io.depthstream.core.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.metrics.EvaluationProtocol;
import org.junit.jupiter.api.Test;

class ScaleShiftAlignmentTest {

  private final ScaleShiftAlignment alignment = new ScaleShiftAlignment(1e-3, 10);

  @Test
  void recoversAKnownScaleAndShiftExactly() {
    // s = 2, t = 0.25; gt = 0.5, 1, 2, 4 m -> 1/gt = 2, 1, 0.5, 0.25 -> r = (1/gt - t)/s
    // = 0.875, 0.375, 0.125, 0. The fifth pixel has no ground truth and a wild r that must not
    // pull the fit.
    float[] r = {0.875f, 0.375f, 0.125f, 0f, 1000f};
    DepthImage gt = new DepthImage(5, 1, new float[] {0.5f, 1, 2, 4, 0});

    ScaleShiftAlignment.Fit fit = alignment.fit(r, gt);
    assertThat(fit.scale()).isCloseTo(2, within(1e-12));
    assertThat(fit.shift()).isCloseTo(0.25, within(1e-12));
    assertThat(fit.pixels()).isEqualTo(4);

    DepthImage depth = alignment.align(r, gt);
    assertThat(depth.metres()[0]).isEqualTo(0.5f);
    assertThat(depth.metres()[3]).isEqualTo(4f);
    // 2 * 1000 + 0.25 = 2000.25 -> 1/2000.25 m = 0.00049994, clipped up to 1 mm
    assertThat(depth.metres()[4]).isEqualTo(1e-3f);
  }

  @Test
  void fitsNoisyDataByLeastSquares() {
    // r = 0, 1, 2; y = 1/gt = 1, 2, 4. mean r = 1, mean y = 7/3.
    // cov = (-1)(1 - 7/3) + 0 + (1)(4 - 7/3) = 4/3 + 5/3 = 3; var = 1 + 0 + 1 = 2
    // s = 3/2, t = 7/3 - 3/2 = 5/6
    float[] r = {0, 1, 2};
    DepthImage gt = new DepthImage(3, 1, new float[] {1, 0.5f, 0.25f});
    ScaleShiftAlignment.Fit fit = alignment.fit(r, gt);
    assertThat(fit.scale()).isCloseTo(1.5, within(1e-12));
    assertThat(fit.shift()).isCloseTo(5.0 / 6, within(1e-12));

    // depth = 1 / (1.5 r + 5/6): r 0 -> 1.2, r 1 -> 3/7, r 2 -> 6/23
    DepthImage depth = alignment.align(r, gt);
    assertThat(depth.metres()[0]).isCloseTo(1.2f, within(1e-6f));
    assertThat(depth.metres()[1]).isCloseTo(3f / 7, within(1e-6f));
    assertThat(depth.metres()[2]).isCloseTo(6f / 23, within(1e-6f));
  }

  @Test
  void inverseDepthAtOrBelowZeroBecomesMaxDepthAndNonFiniteBecomesInvalid() {
    ScaleShiftAlignment.Fit fit = new ScaleShiftAlignment.Fit(1.5, 5.0 / 6, 3);
    // r = -1: 1.5 * -1 + 5/6 = -2/3 <= 0 -> beyond infinity -> 10 m
    DepthImage depth = alignment.apply(fit, new float[] {-1, Float.NaN}, 2, 1);
    assertThat(depth.metres()).containsExactly(10f, 0f);
  }

  @Test
  void ignoresGroundTruthOutsideTheProtocolRange() {
    ScaleShiftAlignment nyu = new ScaleShiftAlignment(EvaluationProtocol.NYU);
    // the 20 m pixel is past NYU's 10 m cap; the other two fix s = 2, t = 0.25 as above
    float[] r = {0.875f, 0.375f, 5f};
    DepthImage gt = new DepthImage(3, 1, new float[] {0.5f, 1, 20});
    ScaleShiftAlignment.Fit fit = nyu.fit(r, gt);
    assertThat(fit.scale()).isCloseTo(2, within(1e-12));
    assertThat(fit.pixels()).isEqualTo(2);
  }

  @Test
  void refusesFewerThanTwoPixels() {
    assertThatThrownBy(
            () -> alignment.fit(new float[] {1, 2}, new DepthImage(2, 1, new float[] {3, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 pixels")
        .hasMessageContaining("got 1");
  }

  @Test
  void refusesAConstantPrediction() {
    assertThatThrownBy(
            () ->
                alignment.fit(
                    new float[] {0.7f, 0.7f, 0.7f}, new DepthImage(3, 1, new float[] {1, 2, 3})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("undetermined")
        .hasMessageContaining("same relative value");
  }

  @Test
  void refusesAPredictionOfAnotherSize() {
    assertThatThrownBy(() -> alignment.fit(new float[3], DepthImage.empty(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 3 values but ground truth is 2x2");
  }
}
