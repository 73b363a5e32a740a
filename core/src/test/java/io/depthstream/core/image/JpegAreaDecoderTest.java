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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Node;

class JpegAreaDecoderTest {

  private static final ImageDecoder WHOLE = new ImageDecoder();
  private static final ImageDecoder REDUCING = new ImageDecoder(ImageLimits.DEFAULTS, true);

  @Test
  void theInverseDctIsT81s() {
    double[][] idct = JpegAreaDecoder.inverseDct();
    // The DC term weighs every sample alike, 1/(2√2); F(1) = 1 gives cos(3π/16)/2 at k = 1.
    for (int k = 0; k < 8; k++) {
      assertThat(idct[k][0]).isCloseTo(1 / (2 * Math.sqrt(2)), within(1e-12));
    }
    assertThat(idct[1][1]).isCloseTo(Math.cos(3 * Math.PI / 16) / 2, within(1e-12));
  }

  @Test
  void eachOutputPixelsWeightsSumToOneFlatBlockAcrossTheBlocksThatCoverIt() {
    // 640 source pixels to 128: spans of 5 crossing 8-pixel blocks; chroma samples 2 wide.
    for (int stride : new int[] {1, 2}) {
      int samples = 640 / stride;
      int blocks = (samples + 7) / 8;
      JpegAreaDecoder.BlockAxis axis =
          new JpegAreaDecoder.BlockAxis(640, 128, samples, stride, blocks);
      double[] flat = new double[128];
      for (int b = 0; b < blocks; b++) {
        for (int j = 0; j < axis.count[b]; j++) {
          // a flat block of 1 is F(0) = 2√2 on one axis (f = F(0)/(2√2))
          flat[axis.first[b] + j] += axis.weights[b][j][0] * 2 * Math.sqrt(2);
        }
      }
      for (int o = 0; o < 128; o++) {
        assertThat(flat[o]).as("stride %d, output %d", stride, o).isCloseTo(1.0, within(1e-5));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"128x96", "160x120", "320x240", "97x61", "601x457"})
  void aColourFrameDecodesToTheAreaResizeOfTheWholeDecode(String size) {
    int w = Integer.parseInt(size.split("x")[0]);
    int h = Integer.parseInt(size.split("x")[1]);
    byte[] jpeg = ImageEncoder.jpeg(street(640, 480), 0.9f);
    RgbImage small = JpegAreaDecoder.decode(jpeg, w, h);
    assertThat(small.width()).isEqualTo(w);
    assertThat(small.height()).isEqualTo(h);
    assertThat(small.frameWidth()).isEqualTo(640);
    assertThat(small.frameHeight()).isEqualTo(480);
    Difference d = compare(small, Resampling.rgb(WHOLE.decode(jpeg, ImageFormat.JPEG, 0, 0), w, h));
    // ImageIO's libjpeg smooths the half-resolution chroma as it enlarges it and clamps each
    // pixel before the average; the measured differences are what these bounds leave room for.
    assertThat(d.mean).isLessThan(0.6);
    assertThat(d.p99).isLessThanOrEqualTo(4);
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
    RgbImage small = JpegAreaDecoder.decode(jpeg, 128, 96);
    Difference d =
        compare(small, Resampling.rgb(WHOLE.decode(jpeg, ImageFormat.JPEG, 0, 0), 128, 96));
    assertThat(d.mean).isLessThan(0.6);
    assertThat(d.p99).isLessThanOrEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"101x58", "64x40", "17x9"})
  void aGrayFrameOfOddSizeDecodesToTheAreaResizeOfTheWholeDecode(String size) throws IOException {
    int w = Integer.parseInt(size.split("x")[0]);
    int h = Integer.parseInt(size.split("x")[1]);
    byte[] jpeg = grayJpeg(street(203, 117), 0.85f, 0);
    RgbImage small = JpegAreaDecoder.decode(jpeg, w, h);
    Difference d = compare(small, Resampling.rgb(WHOLE.decode(jpeg, ImageFormat.JPEG, 0, 0), w, h));
    // No chroma: only rounding and per-pixel clamping differ.
    assertThat(d.mean).isLessThan(0.4);
    assertThat(d.p99).isLessThanOrEqualTo(1);
  }

  @Test
  void restartIntervalsAreReadAndTheirMarkersChecked() throws IOException {
    RgbImage frame = street(160, 96);
    byte[] plain = grayJpeg(frame, 0.9f, 0);
    byte[] restarts = grayJpeg(frame, 0.9f, 3);
    assertThat(indexOf(restarts, 0xFF, 0xDD)).as("the writer put a DRI segment").isPositive();
    RgbImage expected = JpegAreaDecoder.decode(plain, 40, 24);
    RgbImage actual = JpegAreaDecoder.decode(restarts, 40, 24);
    assertThat(actual.rgb()).isEqualTo(expected.rgb());

    byte[] broken = restarts.clone();
    int rst = indexOf(broken, 0xFF, 0xD0);
    broken[rst + 1] = 0x00; // the first RST0 becomes a stuffed FF
    assertRefused(() -> JpegAreaDecoder.decode(broken, 40, 24), ImageRejectedException.CORRUPT);
  }

  @Test
  void scanDataThatEndsEarlyIsCorruptNotGrey() {
    byte[] jpeg = ImageEncoder.jpeg(street(320, 240), 0.9f);
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
    assertThatThrownBy(() -> JpegAreaDecoder.decode(cut, 80, 60))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aProgressiveJpegIsLeftToImageIoAndDecodedWhole() throws IOException {
    RgbImage frame = street(320, 240);
    byte[] progressive = write(ImageEncoder.toBufferedImage(frame), 0.9f, true, 0);
    assertThat(JpegAreaDecoder.decode(progressive, 80, 60)).isNull();
    RgbImage decoded = REDUCING.decodeForModel(progressive, ImageFormat.JPEG, 0, 0, 64, 48);
    // ImageIO decodes it whole, and 320x240 shrinks to 64x48 by whole factors: averaged down from
    // ImageIO's raster, exactly as the engine would resize the whole frame.
    RgbImage whole = WHOLE.decode(progressive, ImageFormat.JPEG, 0, 0);
    assertThat(decoded.width()).isEqualTo(64);
    assertThat(decoded.frameWidth()).isEqualTo(320);
    assertThat(decoded.rgb()).isEqualTo(Resampling.rgb(whole, 64, 48).rgb());
    // without whole factors it stays whole
    assertThat(REDUCING.decodeForModel(progressive, ImageFormat.JPEG, 0, 0, 100, 48).width())
        .isEqualTo(320);
  }

  @Test
  void decodeForModelReducesJpegsOnlyAndKeepsTheLimits() {
    RgbImage frame = street(640, 480);
    byte[] jpeg = ImageEncoder.jpeg(frame, 0.9f);
    RgbImage reduced = REDUCING.decodeForModel(jpeg, ImageFormat.JPEG, 640, 480, 128, 96);
    assertThat(reduced.width()).isEqualTo(128);
    assertThat(reduced.height()).isEqualTo(96);
    // a model that enlarges the frame gets it whole
    assertThat(REDUCING.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, 1024, 96).width())
        .isEqualTo(640);
    // the decoder that does not reduce decodes whole with ImageIO, then averages down by whole
    // factors from ImageIO's raster: the engine's own resize of the whole frame, value for value
    RgbImage viaImageIo = WHOLE.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, 128, 96);
    assertThat(viaImageIo.width()).isEqualTo(128);
    assertThat(viaImageIo.frameWidth()).isEqualTo(640);
    assertThat(viaImageIo.frameHeight()).isEqualTo(480);
    assertThat(viaImageIo.rgb())
        .isEqualTo(Resampling.rgb(WHOLE.decode(jpeg, ImageFormat.JPEG, 0, 0), 128, 96).rgb());
    // a model size without whole factors gets the whole frame, which the engine resizes
    assertThat(WHOLE.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, 100, 96).width()).isEqualTo(640);
    assertThat(reduced.frameWidth()).isEqualTo(640);
    byte[] png = ImageEncoder.png(frame);
    assertThat(REDUCING.decodeForModel(png, ImageFormat.PNG, 0, 0, 128, 96).width()).isEqualTo(640);

    ImageDecoder small =
        new ImageDecoder(new ImageLimits(8192, 8192, 1L << 25, 100_000, 1L << 26), true);
    assertRefused(
        () -> small.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, 128, 96),
        ImageRejectedException.OVERSIZED);
    assertRefused(
        () -> REDUCING.decodeForModel(jpeg, ImageFormat.JPEG, 320, 240, 128, 96),
        ImageRejectedException.SIZE_MISMATCH);
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
        RgbImage image =
            JpegAreaDecoder.decode(damaged, 1 + random.nextInt(96), 1 + random.nextInt(64));
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

  private static void assertRefused(ThrowingCallable decode, String reason) {
    assertThatThrownBy(decode)
        .isInstanceOf(ImageRejectedException.class)
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(reason);
  }

  private record Difference(double mean, int p99) {}

  private static Difference compare(RgbImage actual, RgbImage expected) {
    assertThat(actual.width()).isEqualTo(expected.width());
    assertThat(actual.height()).isEqualTo(expected.height());
    int[] counts = new int[256];
    long total = 0;
    int n = 0;
    for (int y = 0; y < expected.height(); y++) {
      for (int x = 0; x < expected.width(); x++) {
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
