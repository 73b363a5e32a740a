package io.depthstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CannyEdgesTest {

  private static final double SIGMA = Math.sqrt(2);

  /** Columns {@code [0, stepAt)} hold {@code left}, the rest {@code right}. */
  private static float[] verticalStep(int w, int h, int stepAt, float left, float right) {
    float[] image = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image[y * w + x] = x < stepAt ? left : right;
      }
    }
    return image;
  }

  private static int columnOfEdgeIn(boolean[] edges, int w, int y) {
    int found = -1;
    for (int x = 0; x < w; x++) {
      if (edges[y * w + x]) {
        assertThat(found).as("one edge pixel in row %d", y).isEqualTo(-1);
        found = x;
      }
    }
    return found;
  }

  @Test
  void aUnitStepGivesAOnePixelLineBesideTheStep() {
    // Smoothed with sigma = sqrt(2) the step 0 -> 1 between columns 9 and 10 reads
    // ... 0.139 0.359 | 0.641 0.861 ...; the Sobel magnitude peaks at columns 9 and 10 with
    // 4 * (0.641 - 0.139) = 2.007, far above the high threshold 0.2, and non-maximum suppression
    // keeps one of the two equal peaks. Rows repeat, so every row has its edge in the same column.
    int w = 24;
    int h = 16;
    boolean[] edges = CannyEdges.detect(verticalStep(w, h, 10, 0, 1), w, h, SIGMA, 0.1, 0.2);
    int column = columnOfEdgeIn(edges, w, 0);
    assertThat(column).isIn(9, 10);
    for (int y = 0; y < h; y++) {
      assertThat(columnOfEdgeIn(edges, w, y)).isEqualTo(column);
    }
    assertThat(CannyEdges.count(edges)).isEqualTo(h);
  }

  @Test
  void aFlatImageAndItsBordersHaveNoEdges() {
    boolean[] edges = CannyEdges.detect(verticalStep(12, 9, 0, 0, 0.7f), 12, 9, SIGMA, 0.1, 0.2);
    assertThat(CannyEdges.count(edges)).isZero();
  }

  @Test
  void aSquareGivesAClosedContourAroundIt() {
    // A 10x10 square of 1 on 0 in a 30x30 image, columns and rows 10..19.
    int n = 30;
    float[] image = new float[n * n];
    for (int y = 10; y < 20; y++) {
      for (int x = 10; x < 20; x++) {
        image[y * n + x] = 1;
      }
    }
    boolean[] edges = CannyEdges.detect(image, n, n, SIGMA, 0.1, 0.2);
    // Every edge pixel lies within a pixel of the square's outline, and nothing far inside or out.
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        if (edges[y * n + x]) {
          boolean nearOutline =
              x >= 8 && x <= 21 && y >= 8 && y <= 21 && !(x >= 12 && x <= 17 && y >= 12 && y <= 17);
          assertThat(nearOutline).as("edge at (%d, %d)", x, y).isTrue();
        }
      }
    }
    // Each side is found: an edge in every row crossing the left side and every column crossing the
    // top side.
    for (int i = 11; i < 19; i++) {
      boolean left = false;
      boolean top = false;
      for (int j = 8; j <= 11; j++) {
        left |= edges[i * n + j];
        top |= edges[j * n + i];
      }
      assertThat(left).as("left side at row %d", i).isTrue();
      assertThat(top).as("top side at column %d", i).isTrue();
    }
  }

  @Test
  void hysteresisKeepsAWeakEdgeOnlyWhereItContinuesAStrongOne() {
    // A step at column 10 of height 0.11 in rows 0..19 (magnitude 0.11 * 2.007 = 0.22: strong)
    // and of height 0.07 in rows 20..39 (the left side rises by 0.04, too little to be an edge of
    // its own; magnitude 0.07 * 2.007 = 0.14: between low 0.1 and high 0.2, weak). A separate weak
    // step of 0.07 at column 30 runs down every row and touches no strong edge.
    int w = 40;
    int h = 40;
    float[] image = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float v = x < 10 ? (y < 20 ? 0f : 0.04f) : 0.11f;
        image[y * w + x] = x >= 30 ? v + 0.07f : v;
      }
    }
    boolean[] edges = CannyEdges.detect(image, w, h, SIGMA, 0.1, 0.2);
    for (int y = 20; y < h; y++) {
      boolean continued = edges[y * w + 9] || edges[y * w + 10];
      boolean isolated = edges[y * w + 29] || edges[y * w + 30];
      assertThat(continued).as("weak continuation, row %d", y).isTrue();
      assertThat(isolated).as("isolated weak step, row %d", y).isFalse();
    }
    // With both thresholds at the weak magnitude's level the isolated step is an edge too.
    boolean[] lenient = CannyEdges.detect(image, w, h, SIGMA, 0.1, 0.1);
    assertThat(lenient[33 * w + 29] || lenient[33 * w + 30]).isTrue();
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> CannyEdges.detect(new float[5], 2, 2, 1, 0.1, 0.2))
        .hasMessageContaining("needs 4 pixels");
    assertThatThrownBy(() -> CannyEdges.detect(new float[4], 2, 2, 1, 0.3, 0.2))
        .hasMessageContaining("low <= high");
  }
}
