package io.depthstream.cli.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class RelativeDepthPictureTest {

  @Test
  void normalisesEachMapFromItsFarthestToItsNearestValue() {
    // 2x2: relative inverse depth 1 (far), 3 (near), NaN (no output), 2 (half way)
    DepthImage relative = new DepthImage(2, 2, new float[] {1f, 3f, Float.NaN, 2f});

    double[] normalised = RelativeDepthPicture.normalise(relative);
    assertThat(normalised[0]).isEqualTo(0.0);
    assertThat(normalised[1]).isEqualTo(1.0);
    assertThat(normalised[2]).isNaN();
    assertThat(normalised[3]).isEqualTo(0.5);

    // 1 + rint(n * 65534): 1, 65535, invalid 0, 1 + 32767
    assertThat(RelativeDepthPicture.units(relative).metres())
        .containsExactly(1f, 65535f, 0f, 32768f);
  }

  @Test
  void negativeAndScaledOutputsNormaliseTheSame() {
    DepthImage shifted = new DepthImage(3, 1, new float[] {-7f, -5f, -6f});
    assertThat(RelativeDepthPicture.normalise(shifted)).containsExactly(0.0, 1.0, 0.5);
  }

  @Test
  void aConstantMapHasNoOrderAndReadsHalfWay() {
    DepthImage flat = new DepthImage(2, 1, new float[] {4f, 4f});
    assertThat(RelativeDepthPicture.units(flat).metres()).containsExactly(32768f, 32768f);
  }

  @Test
  void coloursNearestHotFarthestColdAndInvalidBlack() {
    DepthImage relative = new DepthImage(3, 1, new float[] {0f, 10f, Float.POSITIVE_INFINITY});
    RgbImage colour = RelativeDepthPicture.colour(relative, Colormap.TURBO);
    int[] far = Colormap.TURBO.rgbAt(0);
    int[] near = Colormap.TURBO.rgbAt(1);
    for (int c = 0; c < 3; c++) {
      assertThat(colour.channel(0, 0, c)).isEqualTo(far[c]);
      assertThat(colour.channel(1, 0, c)).isEqualTo(near[c]);
      assertThat(colour.channel(2, 0, c)).isZero();
    }
  }

  @Test
  void sideBySidePutsTheRowsNextToEachOther() {
    RgbImage left = new RgbImage(1, 2, new byte[] {1, 2, 3, 4, 5, 6});
    RgbImage right =
        new RgbImage(2, 2, new byte[] {10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25});
    RgbImage both = SideBySide.of(left, right);
    assertThat(both.width()).isEqualTo(3);
    assertThat(both.height()).isEqualTo(2);
    assertThat(both.rgb())
        .containsExactly(1, 2, 3, 10, 11, 12, 13, 14, 15, 4, 5, 6, 20, 21, 22, 23, 24, 25);
    assertThatThrownBy(() -> SideBySide.of(left, RgbImage.blank(1, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one height, got 2 and 3");
  }
}
