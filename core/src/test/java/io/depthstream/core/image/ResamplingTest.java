package io.depthstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplingTest {

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    RgbImage src = RgbImage.blank(4, 2);
    src.set(0, 0, 0, 100, 255);
    src.set(1, 0, 10, 100, 255);
    src.set(0, 1, 20, 100, 0);
    src.set(1, 1, 30, 100, 0);

    RgbImage half = Resampling.rgb(src, 2, 1);

    // (0+10+20+30)/4 = 15, 100, (255+255)/4 = 127.5 → 128; the right block is black.
    assertThat(new int[] {half.channel(0, 0, 0), half.channel(0, 0, 1), half.channel(0, 0, 2)})
        .containsExactly(15, 100, 128);
    assertThat(half.channel(1, 0, 0)).isZero();
  }

  @Test
  void shrinkingByANonIntegerRatioWeighsPartlyCoveredPixels() {
    // 5 → 2, r = 2.5: output 0 covers [0, 2.5): 10 + 20 + ½·30 over 2.5 = 18;
    // output 1 covers [2.5, 5): ½·30 + 40 + 50 over 2.5 = 42.
    float[] out = Resampling.plane(new float[] {10, 20, 30, 40, 50}, 5, 1, 2, 1);
    assertThat(out).containsExactly(new float[] {18f, 42f}, within(1e-5f));
  }

  @Test
  void shrinkingThreeToTwoIsOneAndAHalfPixelsEach() {
    // Output 0: (1·30 + ½·90)/1.5 = 50; output 1: (½·90 + 1·60)/1.5 = 70.
    DepthImage out = new DepthImage(3, 1, new float[] {30, 90, 60}).resized(2, 1);
    assertThat(out.metres()).containsExactly(new float[] {50f, 70f}, within(1e-4f));
  }

  @Test
  void shrinkingByFiveIsTheMeanOfEachFiveByFiveBlock() {
    // The service's hot case: 640×480 to the default model's 128×96.
    Random random = new Random(7);
    byte[] rgb = new byte[640 * 480 * 3];
    random.nextBytes(rgb);
    RgbImage frame = new RgbImage(640, 480, rgb);

    RgbImage small = Resampling.rgb(frame, 128, 96);

    for (int[] p : new int[][] {{0, 0}, {127, 95}, {63, 17}, {100, 50}}) {
      for (int c = 0; c < 3; c++) {
        int sum = 0;
        for (int dy = 0; dy < 5; dy++) {
          for (int dx = 0; dx < 5; dx++) {
            sum += frame.channel(p[0] * 5 + dx, p[1] * 5 + dy, c);
          }
        }
        assertThat(small.channel(p[0], p[1], c)).isEqualTo(Math.round(sum / 25f));
      }
    }
  }

  @Test
  void wholeFactorBlocksAgreeWithTheWeightedPath() {
    // 640×480 → 128×96 and 30×20 → 10×5 take the integer block path; each of its values is the
    // weighted path's unrounded mean (Resampling.plane, per channel) rounded: within half a level.
    Random random = new Random(9);
    for (int[] s : new int[][] {{640, 480, 128, 96}, {30, 20, 10, 5}}) {
      byte[] rgb = new byte[s[0] * s[1] * 3];
      random.nextBytes(rgb);
      RgbImage frame = new RgbImage(s[0], s[1], rgb);
      RgbImage small = Resampling.rgb(frame, s[2], s[3]);
      for (int c = 0; c < 3; c++) {
        float[] plane = new float[s[0] * s[1]];
        for (int i = 0; i < plane.length; i++) {
          plane[i] = rgb[i * 3 + c] & 0xFF;
        }
        float[] mean = Resampling.plane(plane, s[0], s[1], s[2], s[3]);
        for (int i = 0; i < mean.length; i++) {
          assertThat((float) (small.rgb()[i * 3 + c] & 0xFF))
              .as("%dx%d channel %d pixel %d", s[0], s[1], c, i)
              .isCloseTo(mean[i], within(0.5001f));
        }
      }
    }
  }

  @Test
  void doublingARowInterpolatesAtQuarterOffsets() {
    // Output x samples the source at (x + 0.5)/2 − 0.5: −0.25 (clamped to 0), 0.25, 0.75, 1.25 (→
    // 1).
    float[] out = Resampling.plane(new float[] {2f, 6f}, 2, 1, 4, 1);
    assertThat(out).containsExactly(new float[] {2f, 3f, 5f, 6f}, within(1e-6f));
  }

  @Test
  void enlargingTwoByTwoToThreeByThreeMixesBothAxes() {
    // Source [[0, 4], [8, 12]]; s = (i + 0.5)·2/3 − 0.5 = −1/6 (→ 0), 1/2, 7/6 (→ 1) per axis.
    float[] out = Resampling.plane(new float[] {0f, 4f, 8f, 12f}, 2, 2, 3, 3);
    assertThat(out)
        .containsExactly(new float[] {0f, 2f, 4f, 4f, 6f, 8f, 8f, 10f, 12f}, within(1e-5f));
  }

  @Test
  void enlargingAnRgbImageRoundsTheInterpolatedValues() {
    RgbImage src = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 201, 0, 0});
    // Red at 0, 0.25, 0.75, 1 of the way: 0, 50.25 → 50, 150.75 → 151, 201.
    RgbImage out = Resampling.rgb(src, 4, 1);
    assertThat(new int[] {out.channel(0, 0, 0), out.channel(1, 0, 0), out.channel(2, 0, 0)})
        .containsExactly(0, 50, 151);
    assertThat(out.channel(3, 0, 0)).isEqualTo(201);
  }

  @Test
  void eachAxisChoosesItsOwnRule() {
    // 4×1 → 2×2: x shrinks (pairs averaged), y grows from one row (repeated).
    float[] out = Resampling.plane(new float[] {0, 10, 20, 30}, 4, 1, 2, 2);
    assertThat(out).containsExactly(new float[] {5f, 25f, 5f, 25f}, within(1e-5f));
  }

  @Test
  void mirroringCommutesWithResizing() {
    // The flip test mirrors the model's output instead of resizing a mirrored frame again.
    Random random = new Random(3);
    float[] src = new float[11 * 3];
    for (int i = 0; i < src.length; i++) {
      src[i] = random.nextFloat() * 100;
    }
    for (int width : new int[] {4, 7, 11, 17}) {
      float[] direct = mirror(Resampling.plane(src, 11, 3, width, 2), width, 2);
      float[] ofMirror = Resampling.plane(mirror(src, 11, 3), 11, 3, width, 2);
      assertThat(ofMirror).as("width " + width).containsExactly(direct, within(1e-4f));
    }
  }

  @Test
  void depthAveragesOnlyValidPixelsSoSparseMapsStaySparse() {
    float[] d = new float[16];
    d[0] = 4f; // one LiDAR return in the top-left 2×2 block, nothing in the others
    d[5] = Float.NaN;
    DepthImage out = new DepthImage(4, 4, d).resized(2, 2);

    assertThat(out.metres()).containsExactly(4f, 0f, 0f, 0f);
  }

  @Test
  void enlargedDepthInterpolatesBetweenValidNeighboursOnly() {
    // [1, 3] → 4 wide: 1, 1.5, 2.5, 3; with the 3 missing the 1 fills its neighbours.
    assertThat(new DepthImage(2, 1, new float[] {1, 3}).resized(4, 1).metres())
        .containsExactly(new float[] {1f, 1.5f, 2.5f, 3f}, within(1e-6f));
    assertThat(new DepthImage(2, 1, new float[] {1, 0}).resized(4, 1).metres())
        .containsExactly(1f, 1f, 1f, 0f);
  }

  @Test
  void aNaNSpreadsOnlyToThePixelsThatReadIt() {
    float[] out = Resampling.plane(new float[] {1, 2, Float.NaN, 4}, 4, 1, 2, 1);
    assertThat(out[0]).isCloseTo(1.5f, within(1e-6f));
    assertThat(out[1]).isNaN();
  }

  @Test
  void sameSizeIsACopyForPlanesAndTheSameImageOtherwise() {
    float[] source = {1f, 2f, 3f, 4f};
    assertThat(Resampling.plane(source, 2, 2, 2, 2)).containsExactly(source).isNotSameAs(source);
    RgbImage image = RgbImage.blank(3, 2);
    assertThat(Resampling.rgb(image, 3, 2)).isSameAs(image);
  }

  @Test
  void weightsOfEveryOutputSumToOne() {
    for (int[] sizes : new int[][] {{640, 128}, {320, 128}, {480, 96}, {7, 3}, {3, 7}, {97, 96}}) {
      Resampling.Axis axis = Resampling.Axis.of(sizes[0], sizes[1]);
      for (int o = 0; o < sizes[1]; o++) {
        double total = 0;
        for (int k = axis.offset()[o]; k < axis.offset()[o + 1]; k++) {
          total += axis.weight()[k];
        }
        assertThat(total).as(sizes[0] + "→" + sizes[1] + " output " + o).isCloseTo(1, within(1e-6));
        int taps = axis.offset()[o + 1] - axis.offset()[o];
        assertThat(axis.first()[o]).isBetween(0, sizes[0] - taps);
      }
    }
  }

  @Test
  void refusesAnEmptyTarget() {
    assertThatThrownBy(() -> Resampling.rgb(RgbImage.blank(2, 2), 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x2");
  }

  private static float[] mirror(float[] plane, int width, int height) {
    float[] out = new float[plane.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y * width + x] = plane[y * width + width - 1 - x];
      }
    }
    return out;
  }

  @Test
  void theSamplerReadsThePlaneResizeBitForBit() {
    // Enlarging (the engine's upsampling, across each row first), shrinking, one axis each way
    // and the same size: every pixel the sampler reads equals the resized plane's, as floats, not
    // merely close.
    Random random = new Random(12);
    int[][] cases = {
      {64, 48, 640, 480},
      {128, 96, 1242, 375},
      {10, 7, 3, 5},
      {5, 9, 5, 20},
      {20, 4, 6, 9},
      {4, 20, 9, 6},
      {8, 8, 8, 8}
    };
    for (int[] c : cases) {
      float[] source = new float[c[0] * c[1]];
      for (int i = 0; i < source.length; i++) {
        source[i] = random.nextInt(10) == 0 ? Float.NaN : 0.5f + 80 * random.nextFloat();
      }
      float[] plane = Resampling.plane(source, c[0], c[1], c[2], c[3]);
      Resampling.PlaneSampler sampler = Resampling.sampler(source, c[0], c[1], c[2], c[3]);
      for (int y = 0; y < c[3]; y++) {
        for (int x = 0; x < c[2]; x++) {
          assertThat(Float.floatToRawIntBits(sampler.at(x, y)))
              .as("%dx%d -> %dx%d at (%d, %d)", c[0], c[1], c[2], c[3], x, y)
              .isEqualTo(Float.floatToRawIntBits(plane[y * c[2] + x]));
        }
      }
    }
  }

  @Test
  void nearestReadsTheSourcePixelUnderTheOutputCentre() {
    // 4 → 2: centres 0.5·2 = 1 and 1.5·2 = 3; 2 → 5: 0.2, 0.6, 1.0, 1.4, 1.8 → 0, 0, 1, 1, 1.
    assertThat(new int[] {Resampling.nearest(0, 4, 2), Resampling.nearest(1, 4, 2)})
        .containsExactly(1, 3);
    int[] up = new int[5];
    for (int o = 0; o < 5; o++) {
      up[o] = Resampling.nearest(o, 2, 5);
    }
    assertThat(up).containsExactly(0, 0, 1, 1, 1);
  }

  @Test
  void aSamplersTapsAreTheWeightsItsValueIsMadeOf() {
    java.util.Random random = new java.util.Random(4);
    for (int[] sizes : new int[][] {{16, 12, 160, 120}, {64, 48, 320, 240}, {40, 30, 16, 12}}) {
      int w = sizes[0];
      int h = sizes[1];
      float[] plane = new float[w * h];
      for (int i = 0; i < plane.length; i++) {
        plane[i] = random.nextFloat() * 80;
      }
      Resampling.PlaneSampler sampler = Resampling.sampler(plane, w, h, sizes[2], sizes[3]);
      for (int y = 0; y < sizes[3]; y += 7) {
        for (int x = 0; x < sizes[2]; x += 5) {
          double[] sum = new double[2];
          sampler.taps(
              x,
              y,
              (index, weight) -> {
                sum[0] += weight * plane[index];
                sum[1] += weight;
              });
          assertThat(sum[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
          assertThat(sum[0])
              .isCloseTo(sampler.at(x, y), org.assertj.core.api.Assertions.within(1e-3));
        }
      }
    }
  }

  @Test
  void aBgrPictureShrunkByWholeFactorsEqualsTheResizeOfItsRgbCopy() {
    Random random = new Random(3);
    int[][] sizes = {{640, 480, 128, 96}, {40, 30, 20, 30}, {12, 18, 12, 6}, {9, 9, 1, 1}};
    for (int[] size : sizes) {
      int w = size[0];
      int h = size[1];
      byte[] bgr = new byte[w * h * 3];
      random.nextBytes(bgr);
      byte[] rgb = new byte[bgr.length];
      for (int i = 0; i < bgr.length; i += 3) {
        rgb[i] = bgr[i + 2];
        rgb[i + 1] = bgr[i + 1];
        rgb[i + 2] = bgr[i];
      }
      RgbImage fromBgr = Resampling.rgbFromBgr(bgr, w, h, size[2], size[3]);
      RgbImage viaCopy = Resampling.rgb(new RgbImage(w, h, rgb), size[2], size[3]);
      assertThat(fromBgr.rgb())
          .as("%dx%d to %dx%d", w, h, size[2], size[3])
          .isEqualTo(viaCopy.rgb());
      assertThat(fromBgr.width()).isEqualTo(size[2]);
      assertThat(fromBgr.frameWidth()).isEqualTo(w);
      assertThat(fromBgr.frameHeight()).isEqualTo(h);
    }
  }

  @Test
  void onlyShrinksByWholeFactorsGoStraightFromBgr() {
    assertThat(Resampling.shrinksByWholeFactors(640, 480, 128, 96)).isTrue();
    assertThat(Resampling.shrinksByWholeFactors(640, 480, 640, 240)).isTrue();
    assertThat(Resampling.shrinksByWholeFactors(640, 480, 640, 480)).isFalse(); // nothing to do
    assertThat(Resampling.shrinksByWholeFactors(1280, 720, 128, 96)).isFalse(); // 7.5 rows
    assertThat(Resampling.shrinksByWholeFactors(64, 48, 128, 96)).isFalse(); // enlarges
    assertThatThrownBy(() -> Resampling.rgbFromBgr(new byte[1280 * 720 * 3], 1280, 720, 128, 96))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole factors");
    assertThatThrownBy(() -> Resampling.rgbFromBgr(new byte[10], 640, 480, 128, 96))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes");
  }
}
