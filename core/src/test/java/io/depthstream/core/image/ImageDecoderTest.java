package io.depthstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void rejectsAHostilePngHeaderBeforeDecodingAndFast() {
    byte[] png = HandMadePng.headerOnly(60000, 60000, 8, 2);
    assertRejected(
        () -> decoder.decode(png, ImageFormat.PNG, 0, 0),
        ImageRejectedException.OVERSIZED,
        "PNG declares 60000x60000, limit is 8192x8192"
            + " (raise depthstream.image.max-width/height if intended)");
    assertThat(medianRejectNanos(png, ImageFormat.PNG)).isLessThan(1_000_000L);
  }

  @Test
  void rejectsAHostileJpegHeaderBeforeDecodingAndFast() {
    byte[] jpeg = hostileJpeg(60000, 60000, 3);
    assertRejected(
        () -> decoder.decode(jpeg, ImageFormat.JPEG, 0, 0),
        ImageRejectedException.OVERSIZED,
        "JPEG declares 60000x60000, limit is 8192x8192");
    assertThat(medianRejectNanos(jpeg, ImageFormat.JPEG)).isLessThan(1_000_000L);
  }

  @Test
  void refusesThe196KbPngOf8192x8192ByThePixelBudgetWithoutAllocating() {
    // The record from the issue: zeros compress so well that 8192x8192 RGB fits in 196 KB, inside
    // both axis limits; decoding it took about 2 GB of heap and 4.7 s.
    byte[] png = HandMadePng.zeros(8192, 8192, 8, 2);
    assertThat(png.length).isLessThan(200_000);
    assertRejected(
        () -> decoder.decode(png, ImageFormat.PNG, 0, 0),
        ImageRejectedException.OVERSIZED,
        "PNG declares 8192x8192 = 67108864 pixels, limit is 16777216"
            + " (raise depthstream.image.max-pixels if intended)");
    assertThat(bytesAllocatedRefusing(png, ImageFormat.PNG)).isLessThan(1 << 20);
    assertThat(medianRejectNanos(png, ImageFormat.PNG)).isLessThan(1_000_000L);
  }

  @Test
  void refusesADecompressionBombWithinTheAxisAndPixelLimitsWithoutAllocating() {
    // 4000x4000 = 16,000,000 pixels, under 4096x4096 = 16,777,216; but 16-bit RGBA decodes to
    // 16,000,000 x 4 x 2 = 128,000,000 bytes, over 64 MiB = 67,108,864. On the wire: ~125 KB.
    byte[] bomb = HandMadePng.zeros(4000, 4000, 16, 6);
    assertThat(bomb.length).isLessThan(150_000);
    assertRejected(
        () -> decoder.decode(bomb, ImageFormat.PNG, 0, 0),
        ImageRejectedException.OVERSIZED,
        "PNG declares 4000x4000 pixels of 4 x 16-bit samples, 128000000 bytes decoded,"
            + " limit is 67108864 (raise depthstream.image.max-decoded-bytes if intended)");
    assertThat(bytesAllocatedRefusing(bomb, ImageFormat.PNG)).isLessThan(1 << 20);
  }

  @Test
  void handMadeZeroPngsAreRealPngs() {
    // The bomb above is refused, not broken: the same builder's small images decode.
    RgbImage rgb = decoder.decode(HandMadePng.zeros(3, 2, 16, 6), ImageFormat.PNG, 3, 2);
    assertThat(rgb.rgb()).containsOnly(0);
    assertThat(decoder.decode(HandMadePng.zeros(5, 1, 8, 2), ImageFormat.PNG, 5, 1).rgb())
        .hasSize(15)
        .containsOnly(0);
  }

  @Test
  void countsAPaletteAsTheRgbItDecodesTo() {
    // The header says 1 channel; the decoded picture is 3 bytes a pixel whatever the index depth:
    // 2000 x 2000 x 3 = 12,000,000 bytes, over a limit of 10,000,000.
    ImageDecoder tight =
        new ImageDecoder(new ImageLimits(8192, 8192, 1 << 20, 1 << 24, 10_000_000));
    for (int bitDepth : new int[] {1, 8}) {
      assertRejected(
          () ->
              tight.decode(HandMadePng.headerOnly(2000, 2000, bitDepth, 3), ImageFormat.PNG, 0, 0),
          ImageRejectedException.OVERSIZED,
          "PNG declares 2000x2000 pixels of 3 x 8-bit samples, 12000000 bytes decoded");
    }
  }

  @Test
  void refusesJpegHeadersByPixelBudgetAndDecodedSize() {
    assertRejected(
        () -> decoder.decode(hostileJpeg(8192, 8192, 3), ImageFormat.JPEG, 0, 0),
        ImageRejectedException.OVERSIZED,
        "JPEG declares 8192x8192 = 67108864 pixels, limit is 16777216");
    // 1000 x 1000 x 3 = 3,000,000 bytes decoded, over a limit of 1,000,000.
    ImageDecoder tight = new ImageDecoder(new ImageLimits(8192, 8192, 1 << 20, 1 << 24, 1_000_000));
    assertRejected(
        () -> tight.decode(hostileJpeg(1000, 1000, 3), ImageFormat.JPEG, 0, 0),
        ImageRejectedException.OVERSIZED,
        "JPEG declares 1000x1000 pixels of 3 x 8-bit samples, 3000000 bytes decoded,"
            + " limit is 1000000 (raise depthstream.image.max-decoded-bytes if intended)");
  }

  @Test
  void refusesRawRgb8ByPixelBudgetAndDecodedSizeBeforeTheLengthCheck() {
    // Three bytes of payload: the size is refused before the length is compared with it.
    assertRejected(
        () -> decoder.decode(new byte[3], ImageFormat.RGB8, 8192, 8192),
        ImageRejectedException.OVERSIZED,
        "RGB8 declares 8192x8192 = 67108864 pixels, limit is 16777216");
    // 20 x 20 x 3 = 1200 bytes decoded, over a limit of 1000.
    ImageDecoder tight = new ImageDecoder(new ImageLimits(8192, 8192, 1 << 20, 1 << 24, 1000));
    assertRejected(
        () -> tight.decode(new byte[3], ImageFormat.RGB8, 20, 20),
        ImageRejectedException.OVERSIZED,
        "RGB8 declares 20x20 pixels of 3 x 8-bit samples, 1200 bytes decoded, limit is 1000");
  }

  @Test
  void honoursCustomLimitsInBothDimensionsAndBytes() throws IOException {
    byte[] png = encode(rgbPicture(40, 20), "png");
    ImageDecoder small = new ImageDecoder(new ImageLimits(32, 32, 1 << 20));
    assertRejected(
        () -> small.decode(png, ImageFormat.PNG, 0, 0),
        ImageRejectedException.OVERSIZED,
        "PNG declares 40x20, limit is 32x32");

    ImageDecoder tight = new ImageDecoder(new ImageLimits(64, 64, 100));
    assertRejected(
        () -> tight.decode(new byte[101], ImageFormat.RGB8, 1, 1),
        ImageRejectedException.OVERSIZED,
        "RGB8 is 101 bytes, limit is 100 (raise depthstream.image.max-bytes if intended)");
  }

  @Test
  void decodesRgbPngExactly() throws IOException {
    BufferedImage picture = rgbPicture(5, 3);
    RgbImage rgb = decoder.decode(encode(picture, "png"), ImageFormat.PNG, 0, 0);
    assertSamePixels(rgb, picture);
  }

  @Test
  void decodesRgbaPngDroppingAlpha() throws IOException {
    BufferedImage picture = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    picture.setRGB(0, 0, 0x80102030);
    picture.setRGB(1, 0, 0xFFFF8001);
    RgbImage rgb = decoder.decode(encode(picture, "png"), ImageFormat.PNG, 2, 1);
    assertThat(pixel(rgb, 0, 0)).containsExactly(0x10, 0x20, 0x30);
    assertThat(pixel(rgb, 1, 0)).containsExactly(0xFF, 0x80, 0x01);
  }

  @Test
  void decodesGrayPngsWithoutBrighteningThem() throws IOException {
    BufferedImage gray8 = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray8.getRaster().setSample(0, 0, 0, 128);
    gray8.getRaster().setSample(1, 0, 0, 7);
    RgbImage rgb = decoder.decode(encode(gray8, "png"), ImageFormat.PNG, 0, 0);
    assertThat(pixel(rgb, 0, 0)).containsExactly(128, 128, 128);
    assertThat(pixel(rgb, 1, 0)).containsExactly(7, 7, 7);

    BufferedImage gray16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    gray16.getRaster().setSample(0, 0, 0, 65535);
    gray16.getRaster().setSample(1, 0, 0, 32896); // 32896 * 255 / 65535 = 128 exactly
    RgbImage rgb16 = decoder.decode(encode(gray16, "png"), ImageFormat.PNG, 0, 0);
    assertThat(pixel(rgb16, 0, 0)).containsExactly(255, 255, 255);
    assertThat(pixel(rgb16, 1, 0)).containsExactly(128, 128, 128);
  }

  @Test
  void decodesPalettePngs() throws IOException {
    BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
    indexed.setRGB(1, 0, 0xFFFFFFFF);
    RgbImage rgb = decoder.decode(encode(indexed, "png"), ImageFormat.PNG, 0, 0);
    assertThat(pixel(rgb, 0, 0)).containsExactly(0, 0, 0);
    assertThat(pixel(rgb, 1, 0)).containsExactly(255, 255, 255);
  }

  @Test
  void decodesJpegCloseToTheOriginal() throws IOException {
    BufferedImage picture = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        picture.setRGB(x, y, x < 16 ? 0xC83214 : 0x1E64DC); // flat blocks survive JPEG well
      }
    }
    RgbImage rgb = decoder.decode(encode(picture, "jpeg"), ImageFormat.JPEG, 0, 0);
    assertThat(rgb.width()).isEqualTo(32);
    assertThat(rgb.height()).isEqualTo(16);
    // Away from the edge, where chroma subsampling blurs the two colours together.
    for (int x : new int[] {2, 8, 12, 20, 26, 29}) {
      int want = x < 16 ? 0xC83214 : 0x1E64DC;
      int[] got = pixel(rgb, x, 8);
      assertThat(Math.abs(got[0] - (want >> 16))).isLessThanOrEqualTo(8);
      assertThat(Math.abs(got[1] - ((want >> 8) & 0xFF))).isLessThanOrEqualTo(8);
      assertThat(Math.abs(got[2] - (want & 0xFF))).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void decodesGrayJpeg() throws IOException {
    BufferedImage gray = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 16 * 8; i++) {
      gray.getRaster().setSample(i % 16, i / 16, 0, 100);
    }
    RgbImage rgb = decoder.decode(encode(gray, "jpeg"), ImageFormat.JPEG, 16, 8);
    for (int v : pixel(rgb, 3, 3)) {
      assertThat(v).isBetween(97, 103);
    }
  }

  @Test
  void takesRawRgb8OfExactlyWidthTimesHeightTimesThreeBytes() {
    byte[] raw = {1, 2, 3, 4, 5, 6};
    RgbImage rgb = decoder.decode(raw, ImageFormat.RGB8, 2, 1);
    assertThat(rgb.rgb()).containsExactly(1, 2, 3, 4, 5, 6);

    assertRejected(
        () -> decoder.decode(new byte[7], ImageFormat.RGB8, 2, 1),
        ImageRejectedException.SIZE_MISMATCH,
        "RGB8 frame of 2x1 needs 6 bytes (width*height*3), got 7");
    assertRejected(
        () -> decoder.decode(raw, ImageFormat.RGB8, 0, 0),
        ImageRejectedException.SIZE_MISMATCH,
        "raw frames must carry their size");
    assertRejected(
        () -> decoder.decode(new byte[3], ImageFormat.RGB8, 60000, 60000),
        ImageRejectedException.OVERSIZED,
        "RGB8 declares 60000x60000");
  }

  @Test
  void rejectsAStatedSizeThatDisagreesWithTheHeader() throws IOException {
    byte[] png = encode(rgbPicture(5, 3), "png");
    assertRejected(
        () -> decoder.decode(png, ImageFormat.PNG, 3, 5),
        ImageRejectedException.SIZE_MISMATCH,
        "PNG declares 5x3 but the frame states 3x5");
  }

  @Test
  void rejectsCmykJpegAsUnsupported() {
    assertRejected(
        () -> decoder.decode(hostileJpeg(64, 64, 4), ImageFormat.JPEG, 0, 0),
        ImageRejectedException.UNSUPPORTED,
        "CMYK");
  }

  @Test
  void rejectsCorruptAndTruncatedData() throws IOException {
    byte[] jpeg = encode(rgbPicture(64, 64), "jpeg");
    byte[] png = encode(rgbPicture(64, 64), "png");
    byte[] garbledPng = png.clone();
    for (int i = 40; i < garbledPng.length - 20; i++) {
      garbledPng[i] = (byte) (i * 31);
    }
    byte[][] jpegs = {
      "hello".getBytes(),
      Arrays.copyOf(jpeg, jpeg.length / 2),
      Arrays.copyOf(jpeg, 30),
      {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2}
    };
    byte[][] pngs = {"hello".getBytes(), Arrays.copyOf(png, png.length / 2), garbledPng};
    for (byte[] bad : jpegs) {
      assertRejected(() -> decoder.decode(bad, ImageFormat.JPEG, 0, 0), "corrupt", "JPEG");
    }
    for (byte[] bad : pngs) {
      assertRejected(() -> decoder.decode(bad, ImageFormat.PNG, 0, 0), "corrupt", "PNG");
    }
  }

  @Test
  void readsJpegSizeFromTheFrameHeaderPastOtherSegments() throws IOException {
    ImageHeader header = ImageHeader.readJpeg(encode(rgbPicture(37, 23), "jpeg"));
    assertThat(header.width()).isEqualTo(37);
    assertThat(header.height()).isEqualTo(23);
    assertThat(header.channels()).isEqualTo(3);
  }

  private long medianRejectNanos(byte[] data, ImageFormat format) {
    for (int i = 0; i < 2000; i++) { // warm-up: let the JIT compile the header path
      tryDecode(data, format);
    }
    long[] nanos = new long[201];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      tryDecode(data, format);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos[nanos.length / 2];
  }

  /** Heap this thread allocates while the decoder refuses {@code data}, after one warm-up. */
  private long bytesAllocatedRefusing(byte[] data, ImageFormat format) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean threads
            && threads.isThreadAllocatedMemorySupported()
            && threads.isThreadAllocatedMemoryEnabled(),
        "this JVM does not count allocated bytes per thread");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    tryDecode(data, format);
    long before = threads.getCurrentThreadAllocatedBytes();
    tryDecode(data, format);
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  private void tryDecode(byte[] data, ImageFormat format) {
    try {
      decoder.decode(data, format, 0, 0);
      throw new AssertionError("hostile header was accepted");
    } catch (ImageRejectedException expected) {
      // the point of the exercise
    }
  }

  private static void assertRejected(ThrowingCallable call, String reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(reason);
  }

  /** SOI, a JFIF APP0 segment, an SOF0 declaring the size, EOI. */
  static byte[] hostileJpeg(int width, int height, int components) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 + 18 + 10 + 3 * components + 2);
    b.put(new byte[] {(byte) 0xFF, (byte) 0xD8});
    b.put(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0});
    b.put(new byte[] {0, 1, 0, 1, 0, 0});
    b.put(new byte[] {(byte) 0xFF, (byte) 0xC0}).putShort((short) (8 + 3 * components));
    b.put((byte) 8).putShort((short) height).putShort((short) width).put((byte) components);
    for (int c = 1; c <= components; c++) {
      b.put(new byte[] {(byte) c, 0x11, 0});
    }
    b.put(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return b.array();
  }

  private static BufferedImage rgbPicture(int w, int h) {
    BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        picture.setRGB(x, y, (x * 40 % 256) << 16 | (y * 70 % 256) << 8 | ((x + y) * 13 % 256));
      }
    }
    return picture;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  private static int[] pixel(RgbImage rgb, int x, int y) {
    return new int[] {rgb.channel(x, y, 0), rgb.channel(x, y, 1), rgb.channel(x, y, 2)};
  }

  private static void assertSamePixels(RgbImage rgb, BufferedImage expected) {
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int argb = expected.getRGB(x, y);
        int[] want = {(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF};
        int[] got = pixel(rgb, x, y);
        for (int c = 0; c < 3; c++) {
          assertThat(got[c] - want[c]).as("pixel (%d,%d) channel %d", x, y, c).isZero();
        }
      }
    }
  }
}
