package io.depthstream.core.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class ColormapTest {

  @Test
  void turboEndpointsFollowThePublishedPolynomial() {
    // t = 0: the constant terms (0.13572138, 0.09140261, 0.10667330) x 255 -> (35, 23, 27).
    assertThat(Colormap.TURBO.rgbAt(0)).containsExactly(35, 23, 27);
    // t = 1: sums of coefficients (0.56586, 0.05039, -0.02552) -> (144, 13, 0 after clamping).
    assertThat(Colormap.TURBO.rgbAt(1)).containsExactly(144, 13, 0);
    // Mid-scale turbo is green: (0.58852, 0.98186, 0.31317) -> (150, 250, 80).
    assertThat(Colormap.TURBO.rgbAt(0.5)).containsExactly(150, 250, 80);
  }

  @Test
  void magmaRunsFromBlackToPaleYellow() {
    assertThat(Colormap.MAGMA.rgbAt(0)).containsExactly(0, 0, 0);
    // t = 1: coefficient sums (0.99783, 0.97699, 0.73026) -> (254, 249, 186).
    assertThat(Colormap.MAGMA.rgbAt(1)).containsExactly(254, 249, 186);
  }

  @Test
  void positionsOutsideTheMapClampToItsEnds() {
    assertThat(Colormap.TURBO.rgbAt(-3)).containsExactly(Colormap.TURBO.rgbAt(0));
    assertThat(Colormap.TURBO.rgbAt(7)).containsExactly(Colormap.TURBO.rgbAt(1));
  }

  @Test
  void rendersNearHotFarColdAndInvalidBlack() {
    DepthImage depth = new DepthImage(5, 1, new float[] {1f, 10f, 0.2f, 50f, Float.NaN});
    RgbImage image = Colormap.TURBO.render(depth, 1, 10);

    assertThat(pixel(image, 0)).containsExactly(Colormap.TURBO.rgbAt(1)); // at min: near end
    assertThat(pixel(image, 1)).containsExactly(Colormap.TURBO.rgbAt(0)); // at max: far end
    assertThat(pixel(image, 2)).containsExactly(Colormap.TURBO.rgbAt(1)); // nearer than min
    assertThat(pixel(image, 3)).containsExactly(Colormap.TURBO.rgbAt(0)); // past max
    assertThat(pixel(image, 4)).containsExactly(0, 0, 0);
  }

  @Test
  void grayKeepsFarApartFromInvalid() {
    RgbImage image = Colormap.GRAY.render(new DepthImage(2, 1, new float[] {10f, 0f}), 1, 10);
    // far: 0.125 x 255 = 31.875 -> 32
    assertThat(pixel(image, 0)).containsExactly(32, 32, 32);
    assertThat(pixel(image, 1)).containsExactly(0, 0, 0);
  }

  @Test
  void rejectsAnEmptyRange() {
    assertThatThrownBy(() -> Colormap.MAGMA.render(DepthImage.empty(1, 1), 5, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minDepth < maxDepth");
  }

  private static int[] pixel(RgbImage image, int x) {
    return new int[] {image.channel(x, 0, 0), image.channel(x, 0, 1), image.channel(x, 0, 2)};
  }
}
