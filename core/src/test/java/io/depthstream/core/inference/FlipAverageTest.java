package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlipAverageTest {

  @Test
  void averagesWithTheMirroredPredictionMirroredBack() {
    // 3×2 map; the mirrored frame's prediction, read back to front per row, is 3 2 1 / 6 5 4 +2.
    float[] map = {1, 2, 3, 4, 5, 6};
    float[] mirrored = {5, 4, 3, 8, 7, 6};
    FlipAverage.combine(map, mirrored, 3, 2);
    // (1+3)/2, (2+4)/2, (3+5)/2 / (4+6)/2, (5+7)/2, (6+8)/2
    assertThat(map).containsExactly(2, 3, 4, 5, 6, 7);
  }

  @Test
  void aMirrorSymmetricModelIsUnchanged() {
    float[] map = {2, 3, 5, 6};
    float[] mirrored = {6, 5, 3, 2};
    FlipAverage.combine(map, mirrored, 4, 1);
    assertThat(map).containsExactly(2, 3, 5, 6);
  }
}
