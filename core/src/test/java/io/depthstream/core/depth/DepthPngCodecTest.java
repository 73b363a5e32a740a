package io.depthstream.core.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.HandMadePng;
import io.depthstream.core.image.ImageHeader;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DepthPngCodecTest {

  @Test
  void quantisedIsWhatTheDecoderReadsBack() {
    float[] metres = {0.0004f, 1.23456f, Float.NaN, 0f, -2f, 70f, 12.3449f, 65.5351f};
    DepthImage depth = new DepthImage(4, 2, metres);
    for (double scale : new double[] {DepthPngCodec.MILLIMETRES, DepthPngCodec.KITTI}) {
      DepthImage decoded = DepthPngCodec.decode(DepthPngCodec.encode(depth, scale), scale);
      assertThat(DepthPngCodec.quantised(depth, scale).metres()).containsExactly(decoded.metres());
    }
  }

  @Test
  void millimetresRoundTripToTheNearestMillimetre() {
    DepthImage depth =
        new DepthImage(3, 2, new float[] {1.234f, 0.5f, 9.9996f, 65.535f, 0.0004f, 0.0006f});
    DepthImage back = DepthPngCodec.decode(DepthPngCodec.encode(depth, 0.001), 0.001);

    assertThat(back.width()).isEqualTo(3);
    assertThat(back.height()).isEqualTo(2);
    // 1234 mm, 500 mm, 9999.6 -> 10000 mm, 65535 mm; 0.4 mm rounds to 0 but stays valid as 1 mm;
    // 0.6 mm rounds to 1 mm.
    assertThat(back.metres())
        .containsExactly(
            new float[] {1.234f, 0.5f, 10.0f, 65.535f, 0.001f, 0.001f},
            org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void kittiScaleRoundTripsToTheNearest256th() {
    // 12.5 m = 3200/256; 1.0 m = 256/256; 0.01 m -> 2.56 -> 3 units = 0.01171875 m.
    DepthImage depth = new DepthImage(3, 1, new float[] {12.5f, 1.0f, 0.01f});
    DepthImage back =
        DepthPngCodec.decode(DepthPngCodec.encode(depth, DepthPngCodec.KITTI), DepthPngCodec.KITTI);
    assertThat(back.metres()).containsExactly(12.5f, 1.0f, 0.01171875f);
  }

  @Test
  void depthsPastTheRangeSaturateAt65535Units() {
    DepthImage depth = new DepthImage(2, 1, new float[] {300f, 70f});
    assertThat(DepthPngCodec.toUnits(300f, DepthPngCodec.KITTI)).isEqualTo(65535);
    assertThat(DepthPngCodec.toUnits(70f, DepthPngCodec.MILLIMETRES)).isEqualTo(65535);

    DepthImage kitti =
        DepthPngCodec.decode(DepthPngCodec.encode(depth, DepthPngCodec.KITTI), DepthPngCodec.KITTI);
    // 65535 / 256 = 255.99609375 m, exact in float; 70 m is 17920 units, in range.
    assertThat(kitti.metres()).containsExactly(255.99609375f, 70f);
    DepthImage mm = DepthPngCodec.decode(DepthPngCodec.encode(depth, 0.001), 0.001);
    assertThat(mm.metres()[0]).isEqualTo(65.535f);
    assertThat(mm.metres()[1]).isEqualTo(65.535f);
  }

  @Test
  void invalidDepthsAreWrittenAsZeroAndReadBackInvalid() {
    DepthImage depth =
        new DepthImage(5, 1, new float[] {0f, -2f, Float.NaN, Float.POSITIVE_INFINITY, 3f});
    DepthImage back = DepthPngCodec.decode(DepthPngCodec.encode(depth, 0.001), 0.001);
    assertThat(back.metres()).containsExactly(0f, 0f, 0f, 0f, 3f);
    assertThat(back.validCount()).isEqualTo(1);
  }

  @Test
  void writesA16BitGrayscalePng() {
    byte[] png = DepthPngCodec.encode(DepthImage.empty(37, 23), 0.001);
    ImageHeader header = ImageHeader.readPng(png);
    assertThat(header.width()).isEqualTo(37);
    assertThat(header.height()).isEqualTo(23);
    assertThat(header.bitDepth()).isEqualTo(16);
    assertThat(header.colour()).isEqualTo("grayscale");
  }

  @Test
  void readsUnitsWrittenByAnotherEncoder() throws Exception {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setSample(0, 0, 0, 1000);
    image.getRaster().setSample(1, 0, 0, 65535);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);

    assertThat(DepthPngCodec.decode(out.toByteArray(), 0.001).metres())
        .containsExactly(1.0f, 65.535f);
    assertThat(DepthPngCodec.decode(out.toByteArray(), 1.0 / 256).metres())
        .containsExactly(3.90625f, 255.99609375f);
  }

  @Test
  void rejectsAn8BitPngNamingWhatItNeeds() throws Exception {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);

    assertThatThrownBy(() -> DepthPngCodec.decode(out.toByteArray(), 0.001))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining("16-bit grayscale")
        .hasMessageContaining("8-bit grayscale")
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.UNSUPPORTED);
  }

  @Test
  void rejectsGarbageAndTruncationAsCorrupt() {
    byte[] png = DepthPngCodec.encode(new DepthImage(8, 8, filled(64, 2f)), 0.001);
    byte[] truncated = Arrays.copyOf(png, png.length / 2);

    for (byte[] bad : new byte[][] {"not a png at all".getBytes(), truncated}) {
      assertThatThrownBy(() -> DepthPngCodec.decode(bad, 0.001))
          .isInstanceOf(ImageRejectedException.class)
          .extracting(e -> ((ImageRejectedException) e).reason())
          .isEqualTo(ImageRejectedException.CORRUPT);
    }
  }

  @Test
  void rejectsADepthMapLargerThanTheLimits() {
    byte[] png = DepthPngCodec.encode(DepthImage.empty(64, 48), 0.001);
    assertThatThrownBy(() -> DepthPngCodec.decode(png, 0.001, new ImageLimits(32, 32, 1 << 20)))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining("declares 64x48, limit is 32x32");
  }

  @Test
  void rejectsADepthMapOverThePixelBudgetFromItsHeader() {
    // 8192x8192 is within both axis limits; 67,108,864 pixels is four times the budget. The IDAT
    // holds one byte, so only a check of the header can answer "oversized" rather than "corrupt".
    byte[] png = HandMadePng.headerOnly(8192, 8192, 16, 0);
    assertThatThrownBy(() -> DepthPngCodec.decode(png, 0.001))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining(
            "depth PNG declares 8192x8192 = 67108864 pixels, limit is 16777216"
                + " (raise depthstream.image.max-pixels if intended)")
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.OVERSIZED);
  }

  @Test
  void rejectsADepthMapOverTheDecodedSizeLimit() {
    // 64 x 48 pixels x 2 bytes = 6144 bytes decoded: over a limit of 6000, exactly a limit of 6144.
    byte[] png = DepthPngCodec.encode(DepthImage.empty(64, 48), 0.001);
    ImageLimits tight = new ImageLimits(8192, 8192, 1 << 20, 1 << 24, 6000);
    assertThatThrownBy(() -> DepthPngCodec.decode(png, 0.001, tight))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining(
            "depth PNG declares 64x48 pixels of 1 x 16-bit samples, 6144 bytes decoded,"
                + " limit is 6000 (raise depthstream.image.max-decoded-bytes if intended)")
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.OVERSIZED);
    ImageLimits exact = new ImageLimits(8192, 8192, 1 << 20, 1 << 24, 6144);
    assertThat(DepthPngCodec.decode(png, 0.001, exact).width()).isEqualTo(64);
  }

  @Test
  void rejectsAScaleThatIsNotPositive() {
    assertThatThrownBy(() -> DepthPngCodec.encode(DepthImage.empty(1, 1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.001 for millimetres");
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}
