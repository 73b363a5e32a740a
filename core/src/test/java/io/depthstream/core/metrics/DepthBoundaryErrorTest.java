package io.depthstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import org.junit.jupiter.api.Test;

class DepthBoundaryErrorTest {

  private static final EvaluationProtocol ROOM = new EvaluationProtocol(1e-3, 10, Crop.NONE);

  /**
   * A wall at {@code near} metres left of column {@code stepAt}, one at {@code far} right of it.
   */
  private static DepthImage step(int w, int h, int stepAt, float near, float far) {
    float[] m = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        m[y * w + x] = x < stepAt ? near : far;
      }
    }
    return new DepthImage(w, h, m);
  }

  private static boolean[] pixels(int w, int h, int[][] xy) {
    boolean[] mask = new boolean[w * h];
    for (int[] p : xy) {
      mask[p[1] * w + p[0]] = true;
    }
    return mask;
  }

  @Test
  void chamferDistancesOfTinyEdgeMapsByHand() {
    // 6x6. Ground-truth edge: column 1, rows 1..3. Predicted: (3,1), (3,2), (0,4), (4,4).
    // accuracy, predicted -> truth: (3,1)->(1,1) 2; (3,2)->(1,2) 2; (0,4)->(1,3) sqrt 2;
    //   (4,4)->(1,3) sqrt(9 + 1) = sqrt 10                 -> (4 + sqrt 2 + sqrt 10) / 4
    // completeness, truth -> predicted: (1,1)->(3,1) 2; (1,2)->(3,2) 2; (1,3)->(0,4) sqrt 2
    //                                                      -> (4 + sqrt 2) / 3
    boolean[] truth = pixels(6, 6, new int[][] {{1, 1}, {1, 2}, {1, 3}});
    boolean[] predicted = pixels(6, 6, new int[][] {{3, 1}, {3, 2}, {0, 4}, {4, 4}});
    DepthBoundaryError dbe = DepthBoundaryError.ofEdges(predicted, truth, 6, 6);
    assertThat(dbe.accuracy()).isCloseTo((4 + Math.sqrt(2) + Math.sqrt(10)) / 4, within(1e-6));
    assertThat(dbe.completeness()).isCloseTo((4 + Math.sqrt(2)) / 3, within(1e-6));
  }

  @Test
  void distancesAreTruncatedAtTenPixels() {
    // 30x1. Truth at x = 0; predicted at x = 4 (4 px) and x = 25 (25 px, counts 10).
    // accuracy = (4 + 10) / 2 = 7; completeness: truth (0) -> nearest prediction 4 px = 4.
    boolean[] truth = pixels(30, 1, new int[][] {{0, 0}});
    boolean[] predicted = pixels(30, 1, new int[][] {{4, 0}, {25, 0}});
    DepthBoundaryError dbe = DepthBoundaryError.ofEdges(predicted, truth, 30, 1);
    assertThat(dbe.accuracy()).isCloseTo(7, within(1e-6));
    assertThat(dbe.completeness()).isCloseTo(4, within(1e-6));
  }

  @Test
  void aStepEdgeShiftedByKPixelsScoresK() {
    // Both maps normalise to the same 0 -> 1 step, so both edges are one pixel per row in the same
    // relative column: every predicted edge pixel is exactly k columns from the truth's in its row,
    // and no other truth pixel is nearer. Accuracy = completeness = k.
    for (int k : new int[] {0, 1, 3, 7}) {
      DepthBoundaryError dbe =
          DepthBoundaryError.of(step(48, 20, 20 + k, 2, 4), step(48, 20, 20, 2, 4), ROOM);
      assertThat(dbe.accuracy()).as("accuracy, shift %d", k).isCloseTo(k, within(1e-6));
      assertThat(dbe.completeness()).as("completeness, shift %d", k).isCloseTo(k, within(1e-6));
    }
    // 12 px is beyond theta: both truncate to 10.
    DepthBoundaryError far =
        DepthBoundaryError.of(step(48, 20, 32, 2, 4), step(48, 20, 20, 2, 4), ROOM);
    assertThat(far.accuracy()).isEqualTo(DepthBoundaryError.TRUNCATION_PX);
    assertThat(far.completeness()).isEqualTo(DepthBoundaryError.TRUNCATION_PX);
  }

  @Test
  void theScaleOfThePredictionDoesNotMatterOnlyWhereItsEdgesAre() {
    // Depth is normalised per map: a step 1 -> 9 m at the right place scores 0 against 2 -> 4 m.
    DepthBoundaryError dbe =
        DepthBoundaryError.of(step(40, 16, 20, 1, 9), step(40, 16, 20, 2, 4), ROOM);
    assertThat(dbe.accuracy()).isZero();
    assertThat(dbe.completeness()).isZero();
  }

  @Test
  void aMissingPredictedEdgeScoresTheTruncation() {
    // A flat prediction has no edge: completeness = theta (every truth edge is "10 px" from one),
    // and accuracy is theta too (nothing to measure, as bad as it gets).
    DepthImage flat = step(40, 16, 0, 3, 3);
    DepthBoundaryError dbe = DepthBoundaryError.of(flat, step(40, 16, 20, 2, 4), ROOM);
    assertThat(dbe.completeness()).isEqualTo(10.0);
    assertThat(dbe.accuracy()).isEqualTo(10.0);
  }

  @Test
  void aBlurredPredictionLosesItsEdge() {
    // The truth's 2 -> 4 m step, predicted as a ramp over 60 columns: normalised, the ramp rises
    // 1/60 per pixel, a Sobel magnitude of (1 + 2 + 1) * 2/60 = 0.13 at most, below the high
    // threshold 0.2 everywhere, so no edge starts and the step is missed.
    int w = 80;
    int h = 12;
    float[] ramp = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        ramp[y * w + x] = (float) (2 + 2 * Math.min(1, Math.max(0, (x - 10) / 60.0)));
      }
    }
    DepthBoundaryError dbe =
        DepthBoundaryError.of(new DepthImage(w, h, ramp), step(w, h, 40, 2, 4), ROOM);
    assertThat(dbe.completeness()).isEqualTo(10.0);
  }

  @Test
  void groundTruthWithoutEdgesHasNoBoundaryError() {
    assertThat(
            DepthBoundaryError.of(step(30, 10, 15, 2, 4), step(30, 10, 0, 5, 5), ROOM).isAbsent())
        .isTrue();
  }

  @Test
  void sparseGroundTruthHasNoBoundaryError() {
    // Every third row measured, as projected LiDAR scan lines: 1/3 of the pixels < 1/2.
    DepthImage truth = step(30, 12, 15, 2, 4);
    for (int y = 0; y < 12; y++) {
      if (y % 3 != 0) {
        for (int x = 0; x < 30; x++) {
          truth.set(x, y, 0);
        }
      }
    }
    DepthBoundaryError dbe = DepthBoundaryError.of(step(30, 12, 15, 2, 4), truth, ROOM);
    assertThat(dbe.isAbsent()).isTrue();
    assertThat(dbe.accuracy()).isNaN();
  }

  @Test
  void scanLinesAreSparseEvenWhereTheyCoverHalfThePixels() {
    // Every second row measured: half the pixels have ground truth, but every pixel is within
    // 1 px of one without, so none is clear of the 7 px margin and there is no DBE.
    DepthImage truth = step(40, 40, 20, 2, 4);
    for (int y = 1; y < 40; y += 2) {
      for (int x = 0; x < 40; x++) {
        truth.set(x, y, 0);
      }
    }
    assertThat(truth.validCount()).isEqualTo(40 * 20);
    assertThat(DepthBoundaryError.of(step(40, 40, 20, 2, 4), truth, ROOM).isAbsent()).isTrue();
  }

  @Test
  void theEdgeOfTheSkyIsNotADepthBoundary() {
    // Rows 0..9 are sky: no ground truth, and the prediction puts them at the far clip (10 m), a
    // strong edge to the 2/4 m walls below. Edges within 7 px of the missing ground truth are
    // dropped from both maps, so only the walls' step counts and it is in the right place.
    int w = 48;
    int h = 40;
    DepthImage truth = step(w, h, 24, 2, 4);
    DepthImage predicted = step(w, h, 24, 2, 4);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < w; x++) {
        truth.set(x, y, 0);
        predicted.set(x, y, 10);
      }
    }
    DepthBoundaryError dbe = DepthBoundaryError.of(predicted, truth, ROOM);
    assertThat(dbe.accuracy()).isZero();
    assertThat(dbe.completeness()).isZero();
  }
}
