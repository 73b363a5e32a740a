package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DepthTargetTest {

  private final DepthTarget nyu = new DepthTarget(10.0);

  @Test
  void encodesMaxDepthOverDepthClippedToTheRange() {
    assertThat(nyu.encode(2.0f)).isEqualTo(5.0f);
    assertThat(nyu.encode(0.05f)).isEqualTo(100.0f); // below 10 cm: clipped to 0.1 m
    assertThat(nyu.encode(20.0f)).isEqualTo(1.0f); // beyond 10 m: clipped to 10 m
    assertThat(nyu.minDepth()).isEqualTo(0.1);
  }

  @Test
  void decodesOutputsBackToMetres() {
    assertThat(nyu.decode(5.0f)).isEqualTo(2.0f);
    assertThat(nyu.decode(0.0f)).isEqualTo(10.0f);
    assertThat(nyu.decode(-3.0f)).isEqualTo(10.0f);
    assertThat(nyu.decode(400.0f)).isCloseTo(0.1f, within(1e-7f));
  }

  @Test
  void masksInvalidDepthAndMarksItFar() {
    float[] target = new float[3];
    float[] mask = new float[3];
    nyu.encode(new float[] {4f, 0f, Float.NaN}, target, mask);
    assertThat(target).containsExactly(2.5f, 1f, 1f);
    assertThat(mask).containsExactly(1f, 0f, 0f);
  }

  @Test
  void downsamplesByAveragingValidValuesPerBlock() {
    float[] depth = {
      1, 3, 0, 0,
      5, 7, 0, 8,
      2, 2, 4, 4,
      2, 2, 4, 4
    };
    float[] half = DepthTarget.downsample(depth, 1, 4, 4, 2);
    assertThat(half).containsExactly(4f, 8f, 2f, 4f);
  }
}
