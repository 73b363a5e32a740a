package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class AreaResamplingTest {

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    RgbImage src = RgbImage.blank(4, 2);
    src.set(0, 0, 0, 100, 255);
    src.set(1, 0, 10, 100, 255);
    src.set(0, 1, 20, 100, 0);
    src.set(1, 1, 30, 100, 0);

    RgbImage half = AreaResampling.rgb(src, 2, 1);

    // (0+10+20+30)/4 = 15, 100, (255+255)/4 = 127.5 → 128; right block is black.
    assertThat(new int[] {half.channel(0, 0, 0), half.channel(0, 0, 1), half.channel(0, 0, 2)})
        .containsExactly(15, 100, 128);
    assertThat(half.channel(1, 0, 0)).isZero();
  }

  @Test
  void thirdsWeighPartiallyCoveredPixels() {
    // 3 → 2: output 0 covers source [0, 1.5): pixel 0 fully, pixel 1 half → (1*30 + 0.5*90)/1.5.
    DepthImage src = new DepthImage(3, 1, new float[] {30, 90, 60});

    DepthImage out = AreaResampling.depth(src, 2, 1);

    assertThat(out.metres()[0]).isCloseTo(50f, within(1e-4f));
    assertThat(out.metres()[1]).isCloseTo(70f, within(1e-4f));
  }

  @Test
  void depthAveragesOnlyValidPixelsSoSparseMapsStaySparse() {
    float[] d = new float[16];
    d[0] = 4f; // one LiDAR return in the top-left 2x2 block, nothing in the others
    d[5] = Float.NaN;
    DepthImage out = AreaResampling.depth(new DepthImage(4, 4, d), 2, 2);

    assertThat(out.metres()).containsExactly(4f, 0f, 0f, 0f);
  }

  @Test
  void enlargingRepeatsPixels() {
    DepthImage src = new DepthImage(2, 1, new float[] {1, 3});
    assertThat(AreaResampling.depth(src, 4, 2).metres()).containsExactly(1, 1, 3, 3, 1, 1, 3, 3);
  }

  @Test
  void inputSizeFitsImageToInputAndDepthToHalf() {
    DepthSample s =
        new DepthSample(DataFixtures.gradient(64, 48), DataFixtures.constantDepth(64, 48, 2f), "t");
    DepthSample fitted = new InputSize(32, 24).fit(s);
    assertThat(fitted.rgb().width()).isEqualTo(32);
    assertThat(fitted.rgb().height()).isEqualTo(24);
    assertThat(fitted.depth().width()).isEqualTo(16);
    assertThat(fitted.depth().height()).isEqualTo(12);
    assertThat(fitted.depth().at(3, 3)).isEqualTo(2f);
  }
}
