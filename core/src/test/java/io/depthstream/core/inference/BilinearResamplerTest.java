package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BilinearResamplerTest {

  private final BilinearResampler resampler = new BilinearResampler();

  @Test
  void doublingARowInterpolatesAtQuarterOffsets() {
    // Destination x samples source (x + 0.5)/2 − 0.5: −0.25 (clamped to 0), 0.25, 0.75, 1.25 (→ 1).
    float[] out = resampler.resize(new float[] {2f, 6f}, 2, 1, 4, 1);
    assertThat(out).containsExactly(new float[] {2f, 3f, 5f, 6f}, within(1e-6f));
  }

  @Test
  void halvingARowAveragesPairs() {
    // Destination x samples source 2x + 0.5: halfway between each pair.
    float[] out = resampler.resize(new float[] {1f, 3f, 10f, 20f}, 4, 1, 2, 1);
    assertThat(out).containsExactly(new float[] {2f, 15f}, within(1e-6f));
  }

  @Test
  void twoByTwoToThreeByThreeMixesBothAxes() {
    // Source [[0, 4], [8, 12]]; destination centres sample source coords 0, 0.5 (clamped 0 → 0,
    // 0.5 → middle, 1.1667 → clamped 1) per axis, i.e. s = (i + 0.5)·2/3 − 0.5 = −1/6, 1/2, 7/6.
    float[] out = resampler.resize(new float[] {0f, 4f, 8f, 12f}, 2, 2, 3, 3);
    assertThat(out)
        .containsExactly(new float[] {0f, 2f, 4f, 4f, 6f, 8f, 8f, 10f, 12f}, within(1e-5f));
  }

  @Test
  void sameSizeIsACopy() {
    float[] source = {1f, 2f, 3f, 4f};
    float[] out = resampler.resize(source, 2, 2, 2, 2);
    assertThat(out).containsExactly(source).isNotSameAs(source);
  }
}
