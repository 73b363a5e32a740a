package io.depthstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ImageLimitsTest {

  private static final ImageLimits LIMITS = ImageLimits.DEFAULTS;

  // Axis limits wide open, so only the pixel budget or the decoded size can refuse.
  private static final ImageLimits WIDE =
      new ImageLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, 1 << 20);

  @Test
  void defaultsAdmit4096x4096WorthAndSixtyFourMebibytesDecoded() {
    assertThat(LIMITS)
        .isEqualTo(new ImageLimits(8192, 8192, 33_554_432L, 16_777_216L, 67_108_864L));
  }

  @Test
  void theThreeArgumentConstructorKeepsTheDefaultBudgets() {
    ImageLimits limits = new ImageLimits(32, 16, 100);
    assertThat(limits.maxWidth()).isEqualTo(32);
    assertThat(limits.maxHeight()).isEqualTo(16);
    assertThat(limits.maxBytes()).isEqualTo(100);
    assertThat(limits.maxPixels()).isEqualTo(4096L * 4096);
    assertThat(limits.maxDecodedBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void everyLimitMustBePositive() {
    ThrowingCallable[] bad = {
      () -> new ImageLimits(0, 1, 1, 1, 1),
      () -> new ImageLimits(1, -1, 1, 1, 1),
      () -> new ImageLimits(1, 1, 0, 1, 1),
      () -> new ImageLimits(1, 1, 1, 0, 1),
      () -> new ImageLimits(1, 1, 1, 1, -5)
    };
    for (ThrowingCallable call : bad) {
      assertThatThrownBy(call)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("image limits must be positive");
    }
    assertThatThrownBy(() -> new ImageLimits(1, 1, 1, 1, -5))
        .hasMessageContaining("1 pixels in total and -5 decoded bytes");
  }

  @Test
  void aPixelBudgetPastOneJavaArrayOfRgbIsRefused() {
    // Integer.MAX_VALUE / 3 = 715,827,882: one more and width*height*3 no longer fits an int.
    assertThatCode(() -> new ImageLimits(1, 1, 1, 715_827_882L, 1)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new ImageLimits(1, 1, 1, 715_827_883L, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depthstream.image.max-pixels to at most 715827882");
  }

  @Test
  void thePixelBudgetAdmitsExactly4096x4096Worth() {
    assertThatCode(() -> LIMITS.checkDimensions("PNG", 4096, 4096)).doesNotThrowAnyException();
    assertThatCode(() -> LIMITS.checkDimensions("PNG", 8192, 2048)).doesNotThrowAnyException();
    // 4097 x 4096 = 16,781,312 > 16,777,216
    assertOversized(
        () -> LIMITS.checkDimensions("PNG", 4097, 4096),
        "PNG declares 4097x4096 = 16781312 pixels, limit is 16777216"
            + " (raise depthstream.image.max-pixels if intended)");
  }

  @Test
  void axisLimitsAreCheckedBeforeThePixelBudget() {
    assertOversized(
        () -> LIMITS.checkDimensions("JPEG", 8193, 1),
        "JPEG declares 8193x1, limit is 8192x8192 (raise depthstream.image.max-width/height");
  }

  @Test
  void sixtyThousandSquaredDoesNotOverflowIntoAcceptance() {
    // 60000 * 60000 = 3,600,000,000; in int arithmetic it wraps to -694,967,296 and would pass.
    assertOversized(
        () -> WIDE.checkDimensions("PNG", 60000, 60000),
        "PNG declares 60000x60000 = 3600000000 pixels, limit is 16777216");
    // 3,600,000,000 x 4 channels x 2 bytes = 28,800,000,000
    assertOversized(
        () -> WIDE.checkDecodedBytes("PNG", 60000, 60000, 4, 16),
        "PNG declares 60000x60000 pixels of 4 x 16-bit samples, 28800000000 bytes decoded");
    // (2^31 - 1)^2 x (2^31 - 1) x 2^28 bytes is past long's range: saturated, still refused.
    assertOversized(
        () ->
            WIDE.checkDecodedBytes(
                "PNG", Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE),
        "more than 9223372036854775807 bytes decoded");
  }

  @Test
  void decodedSizeCountsChannelsAndWholeBytesPerSample() {
    // 4096 x 4096 = 16,777,216 pixels; the limit is 67,108,864 bytes.
    assertThatCode(() -> LIMITS.checkDecodedBytes("PNG", 4096, 4096, 3, 8)) // 50,331,648
        .doesNotThrowAnyException();
    assertThatCode(() -> LIMITS.checkDecodedBytes("PNG", 4096, 4096, 1, 16)) // 33,554,432
        .doesNotThrowAnyException();
    assertThatCode(() -> LIMITS.checkDecodedBytes("PNG", 4096, 4096, 4, 8)) // 67,108,864
        .doesNotThrowAnyException();
    assertOversized(
        () -> LIMITS.checkDecodedBytes("PNG", 4096, 4096, 4, 16),
        "PNG declares 4096x4096 pixels of 4 x 16-bit samples, 134217728 bytes decoded,"
            + " limit is 67108864 (raise depthstream.image.max-decoded-bytes if intended)");

    ImageLimits tight = new ImageLimits(8192, 8192, 1 << 20, 1 << 24, 100);
    // 10 x 10 x 1 byte = 100 passes even at 1 bit; 12 bits take 2 bytes: 200.
    assertThatCode(() -> tight.checkDecodedBytes("PNG", 10, 10, 1, 1)).doesNotThrowAnyException();
    assertOversized(() -> tight.checkDecodedBytes("JPEG", 10, 10, 1, 12), "200 bytes decoded");
  }

  @Test
  void decodedSizeRefusesImpossibleLayoutsAsCorrupt() {
    assertThatThrownBy(() -> LIMITS.checkDecodedBytes("JPEG", 10, 10, 0, 8))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining("JPEG declares pixels of 0 x 8-bit samples")
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.CORRUPT);
    assertThatThrownBy(() -> LIMITS.checkDecodedBytes("PNG", 0, 10, 3, 8))
        .hasMessageContaining("PNG declares 0x10, a size must be positive");
  }

  private static void assertOversized(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.OVERSIZED);
  }
}
