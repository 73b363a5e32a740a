package io.depthstream.streams.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.depth.DepthImage;
import org.junit.jupiter.api.Test;

class FrameScoringTest {

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
}
