package io.depthstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticWorld;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Node;

class JpegReducedDecoderTest {

  private static final ImageDecoder WHOLE = new ImageDecoder();

  @Test
  void theBoxMeansOfAllEightSamplesAreTheDcTermAndOfOneSampleTheInverseDct() {
    float[][] one = JpegReducedDecoder.boxMeans(1);
    assertThat(one[0][0]).isCloseTo((float) (1 / (2 * Math.sqrt(2))), within(1e-7f));
    for (int u = 1; u < 8; u++) {
      assertThat(one[0][u]).as("u=%d", u).isCloseTo(0f, within(1e-6f));
    }
    // n = 8: T.81's inverse DCT, one axis. A single F(1) of 1 gives cos(3π/16)/2 at x = 1.
    float[][] idct = JpegReducedDecoder.boxMeans(8);
    assertThat(idct[1][1]).isCloseTo((float) (Math.cos(3 * Math.PI / 16) / 2), within(1e-7f));
    // n = 2: sample 0's mean is the mean of the inverse DCT's first four rows.
    float[][] two = JpegReducedDecoder.boxMeans(2);
    for (int u = 0; u < 8; u++) {
      float mean = (idct[0][u] + idct[1][u] + idct[2][u] + idct[3][u]) / 4;
      assertThat(two[0][u]).isCloseTo(mean, within(1e-6f));
    }
  }

  @Test
  void theFactorIsTheLargestThatStillCoversTheModelsInput() {
    assertThat(ImageDecoder.reductionFor(640, 480, 128, 96)).isEqualTo(4); // 160x120
    assertThat(ImageDecoder.reductionFor(640, 480, 256, 192)).isEqualTo(2); // 320x240
    assertThat(ImageDecoder.reductionFor(640, 480, 64, 48)).isEqualTo(8); // 80x60
    assertThat(ImageDecoder.reductionFor(640, 480, 640, 480)).isEqualTo(1);
    assertThat(ImageDecoder.reductionFor(250, 190, 128, 96)).isEqualTo(1); // 125x95 is too small
    assertThat(ImageDecoder.reductionFor(257, 193, 128, 96)).isEqualTo(2); // 129x97, rounded up
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 8})
  void aColourFrameDecodesToTheMeansOfTheWholeDecodesPixels(int factor) {
    RgbImage frame = street(640, 480);
    byte[] jpeg = ImageEncoder.jpeg(frame, 0.9f);
    RgbImage reduced = JpegReducedDecoder.decode(jpeg, factor);
    assertThat(reduced.width()).isEqualTo(640 / factor);
    assertThat(reduced.height()).isEqualTo(480 / factor);
    assertThat(reduced.frameWidth()).isEqualTo(640);
    assertThat(reduced.frameHeight()).isEqualTo(480);
    Difference d = compare(reduced, boxMeans(WHOLE.decode(jpeg, ImageFormat.JPEG, 0, 0), factor));
    // ImageIO's libjpeg smooths the half-resolution chroma as it enlarges it and clamps each
    // pixel before the mean; measured: mean 0.3–0.5, 99th percentile 2–3 levels.
    assertThat(d.mean).isLessThan(1.0);
    assertThat(d.p99).isLessThanOrEqualTo(6);
  }

  /** Luma sampling 1×1 (4:4:4), 2×1 (4:2:2) and 1×2 (4:4:0) against chroma at 1×1. */
  @ParameterizedTest
  @ValueSource(strings = {"1x1", "2x1", "1x2"})
  void otherChromaSamplingsDecodeToTheMeansToo(String lumaSampling) throws IOException {
    int h = lumaSampling.charAt(0) - '0';
    int v = lumaSampling.charAt(2) - '0';
    RgbImage frame = street(320, 240);
    byte[] jpeg = write(ImageEncoder.toBufferedImage(frame), 0.9f, false, 0, h, v);
    assertThat(sofSampling(jpeg)).isEqualTo((h << 4) | v);
    RgbImage reduced = JpegReducedDecoder.decode(jpeg, 4);
    Difference d = compare(reduced, boxMeans(WHOLE.decode(jpeg, ImageFormat.JPEG, 0, 0), 4));
    assertThat(d.mean).isLessThan(1.0);
    assertThat(d.p99).isLessThanOrEqualTo(6);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 8})
  void aGrayFrameOfOddSizeDecodesToTheMeansOfTheWholeDecode(int factor) throws IOException {
    RgbImage frame = street(203, 117);
    byte[] jpeg = grayJpeg(frame, 0.85f, 0);
    RgbImage reduced = JpegReducedDecoder.decode(jpeg, factor);
    assertThat(reduced.width()).isEqualTo((203 + factor - 1) / factor);
    assertThat(reduced.height()).isEqualTo((117 + factor - 1) / factor);
    RgbImage whole = WHOLE.decode(jpeg, ImageFormat.JPEG, 0, 0);
    Difference d = compare(reduced, boxMeans(whole, factor));
    // No chroma: the only differences are rounding and per-pixel clamping.
    assertThat(d.mean).isLessThan(0.6);
    assertThat(d.p99).isLessThanOrEqualTo(2);
  }

  @Test
  void restartIntervalsAreReadAndTheirMarkersChecked() throws IOException {
    RgbImage frame = street(160, 96);
    byte[] plain = grayJpeg(frame, 0.9f, 0);
    byte[] restarts = grayJpeg(frame, 0.9f, 3);
    assertThat(indexOf(restarts, 0xFF, 0xDD)).as("the writer put a DRI segment").isPositive();
    RgbImage expected = JpegReducedDecoder.decode(plain, 4);
    RgbImage actual = JpegReducedDecoder.decode(restarts, 4);
    assertThat(actual.rgb()).isEqualTo(expected.rgb());

    byte[] broken = restarts.clone();
    int rst = indexOf(broken, 0xFF, 0xD0);
    broken[rst + 1] = 0x00; // the first RST0 becomes a stuffed FF
    assertThatThrownBy(() -> JpegReducedDecoder.decode(broken, 4))
        .isInstanceOf(ImageRejectedException.class)
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.CORRUPT);
  }

  @Test
  void scanDataThatEndsEarlyIsCorruptNotGrey() {
    byte[] jpeg = ImageEncoder.jpeg(street(320, 240), 0.9f);
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
    assertThatThrownBy(() -> JpegReducedDecoder.decode(cut, 4))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aProgressiveJpegIsLeftToImageIoAndDecodedWhole() throws IOException {
    RgbImage frame = street(320, 240);
    byte[] progressive = write(ImageEncoder.toBufferedImage(frame), 0.9f, true, 0);
    assertThat(JpegReducedDecoder.decode(progressive, 4)).isNull();
    RgbImage decoded = WHOLE.decodeForModel(progressive, ImageFormat.JPEG, 0, 0, 64, 48);
    assertThat(decoded.width()).isEqualTo(320);
    assertThat(decoded.frameWidth()).isEqualTo(320);
  }

  @Test
  void decodeForModelReducesJpegsOnlyAndKeepsTheLimits() {
    RgbImage frame = street(640, 480);
    byte[] jpeg = ImageEncoder.jpeg(frame, 0.9f);
    RgbImage reduced = WHOLE.decodeForModel(jpeg, ImageFormat.JPEG, 640, 480, 128, 96);
    assertThat(reduced.width()).isEqualTo(160);
    assertThat(reduced.frameWidth()).isEqualTo(640);
    byte[] png = ImageEncoder.png(frame);
    assertThat(WHOLE.decodeForModel(png, ImageFormat.PNG, 0, 0, 128, 96).width()).isEqualTo(640);

    ImageDecoder small = new ImageDecoder(new ImageLimits(8192, 8192, 1L << 25, 100_000, 1L << 26));
    assertThatThrownBy(() -> small.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, 128, 96))
        .isInstanceOf(ImageRejectedException.class)
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.OVERSIZED);
    assertThatThrownBy(() -> WHOLE.decodeForModel(jpeg, ImageFormat.JPEG, 320, 240, 128, 96))
        .isInstanceOf(ImageRejectedException.class)
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.SIZE_MISMATCH);
  }

  /**
   * Hostile bytes: a real frame with bytes of its scan data and tables overwritten at random, many
   * times. Each decode must end in an image or a refusal, never another exception.
   */
  @Test
  void damagedJpegsDecodeOrAreRefusedButNeverThrowAnythingElse() {
    byte[] jpeg = ImageEncoder.jpeg(street(96, 64), 0.8f);
    Random random = new Random(7);
    int decoded = 0;
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] damaged = jpeg.clone();
      int hits = 1 + random.nextInt(8);
      for (int i = 0; i < hits; i++) {
        damaged[2 + random.nextInt(damaged.length - 2)] = (byte) random.nextInt(256);
      }
      try {
        RgbImage image = JpegReducedDecoder.decode(damaged, 1 << (1 + random.nextInt(3)));
        if (image != null) {
          decoded++;
        }
      } catch (ImageRejectedException e) {
        assertThat(e.reason()).isEqualTo(ImageRejectedException.CORRUPT);
        refused++;
      }
    }
    assertThat(decoded).isPositive();
    assertThat(refused).isPositive();
  }

  // ---- helpers

  private static RgbImage street(int width, int height) {
    return new SyntheticWorld(SceneKind.STREET, 42).withLidar(false).render(width, height, 3).rgb();
  }

  /** The exact mean of each factor × factor cell, the last row and column over what they hold. */
  private static RgbImage boxMeans(RgbImage whole, int factor) {
    int w = (whole.width() + factor - 1) / factor;
    int h = (whole.height() + factor - 1) / factor;
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          int n = 0;
          for (int yy = y * factor; yy < Math.min(whole.height(), (y + 1) * factor); yy++) {
            for (int xx = x * factor; xx < Math.min(whole.width(), (x + 1) * factor); xx++) {
              sum += whole.channel(xx, yy, c);
              n++;
            }
          }
          out[(y * w + x) * 3 + c] = (byte) Math.round((float) sum / n);
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  private record Difference(double mean, int p99) {}

  private static Difference compare(RgbImage actual, RgbImage expected) {
    assertThat(actual.width()).isEqualTo(expected.width());
    assertThat(actual.height()).isEqualTo(expected.height());
    int[] counts = new int[256];
    long total = 0;
    int n = 0;
    // The last row and column of an odd size are means over the block's padding: left out.
    for (int y = 0; y < expected.height() - 1; y++) {
      for (int x = 0; x < expected.width() - 1; x++) {
        for (int c = 0; c < 3; c++) {
          int d = Math.abs(actual.channel(x, y, c) - expected.channel(x, y, c));
          counts[d]++;
          total += d;
          n++;
        }
      }
    }
    int p99 = 0;
    for (int seen = 0; p99 < 255 && seen + counts[p99] < 0.99 * n; p99++) {
      seen += counts[p99];
    }
    return new Difference((double) total / n, p99);
  }

  private static byte[] grayJpeg(RgbImage frame, float quality, int restartInterval)
      throws IOException {
    BufferedImage gray =
        new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_BYTE_GRAY);
    gray.getGraphics().drawImage(ImageEncoder.toBufferedImage(frame), 0, 0, null);
    return write(gray, quality, false, restartInterval);
  }

  private static byte[] write(
      BufferedImage image, float quality, boolean progressive, int restartInterval)
      throws IOException {
    return write(image, quality, progressive, restartInterval, 0, 0);
  }

  /**
   * ImageIO's JPEG writer with the options ImageEncoder does not offer; {@code lumaH × lumaV} sets
   * the first component's sampling factors when not 0 (ImageIO writes 2×2 by default).
   */
  private static byte[] write(
      BufferedImage image,
      float quality,
      boolean progressive,
      int restartInterval,
      int lumaH,
      int lumaV)
      throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    IIOMetadata metadata =
        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
    String format = "javax_imageio_jpeg_image_1.0";
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    if (restartInterval > 0) {
      Node sequence = root.getElementsByTagName("markerSequence").item(0);
      IIOMetadataNode dri = new IIOMetadataNode("dri");
      dri.setAttribute("interval", Integer.toString(restartInterval));
      sequence.insertBefore(dri, sequence.getFirstChild());
    }
    if (lumaH > 0) {
      IIOMetadataNode luma = (IIOMetadataNode) root.getElementsByTagName("componentSpec").item(0);
      luma.setAttribute("HsamplingFactor", Integer.toString(lumaH));
      luma.setAttribute("VsamplingFactor", Integer.toString(lumaV));
    }
    metadata.setFromTree(format, root);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
    assertThat(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()))).isNotNull();
    return bytes.toByteArray();
  }

  /** The first component's sampling byte (H << 4 | V) in the SOF0 header. */
  private static int sofSampling(byte[] jpeg) {
    int sof = indexOf(jpeg, 0xFF, 0xC0);
    return jpeg[sof + 11] & 0xFF;
  }

  private static int indexOf(byte[] data, int first, int second) {
    for (int i = 0; i + 1 < data.length; i++) {
      if ((data[i] & 0xFF) == first && (data[i + 1] & 0xFF) == second) {
        return i;
      }
    }
    return -1;
  }
}
