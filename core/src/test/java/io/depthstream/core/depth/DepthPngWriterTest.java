package io.depthstream.core.depth;

import static io.depthstream.core.depth.DepthPngFixtures.depthOfUnits;
import static io.depthstream.core.depth.DepthPngFixtures.extremeUnits;
import static io.depthstream.core.depth.DepthPngFixtures.imageIoSamples;
import static io.depthstream.core.depth.DepthPngFixtures.randomUnits;
import static io.depthstream.core.depth.DepthPngFixtures.smoothUnits;
import static io.depthstream.core.depth.DepthPngFixtures.unitsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthPngWriter.RowChoice;
import io.depthstream.core.image.ImageHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class DepthPngWriterTest {

  private static final int[][] SIZES = {{1, 1}, {1, 57}, {57, 1}, {2, 2}, {3, 1000}, {641, 479}};

  @Test
  void imageIoReadsEverySampleItWrites() {
    for (int[] size : SIZES) {
      int w = size[0];
      int h = size[1];
      for (int[] units :
          List.of(randomUnits(w, h, w * 31L + h), smoothUnits(w, h, 5), extremeUnits(w, h))) {
        byte[] png = DepthPngCodec.encode(depthOfUnits(w, h, units), 1.0);
        assertThat(imageIoSamples(png)).as("%dx%d", w, h).isEqualTo(units);
        assertThat(unitsOf(DepthPngCodec.decode(png, 1.0))).as("%dx%d", w, h).isEqualTo(units);
      }
    }
  }

  @Test
  void everyLevelAndEveryFilterWritesTheSameSamples() {
    int[] units = smoothUnits(64, 40, 3);
    DepthImage depth = depthOfUnits(64, 40, units);
    for (int level = 0; level <= 9; level++) {
      for (PngRowFilter filter : PngRowFilter.values()) {
        try (DepthPngWriter writer =
            new DepthPngWriter(level, EnumSet.of(filter), RowChoice.MIN_SUM)) {
          byte[] png = writer.write(depth, 1.0);
          assertThat(imageIoSamples(png)).as("level %d, %s", level, filter).isEqualTo(units);
        }
      }
      assertThat(imageIoSamples(DepthPngCodec.encode(depth, 1.0, level))).isEqualTo(units);
    }
  }

  @Test
  void aReusedWriterWritesWhatAFreshOneWrites() {
    try (DepthPngWriter reused = new DepthPngWriter(DepthPngCodec.DEFAULT_LEVEL)) {
      for (int[] size : new int[][] {{641, 479}, {3, 2}, {641, 479}, {640, 480}, {1, 1}}) {
        DepthImage depth =
            depthOfUnits(size[0], size[1], smoothUnits(size[0], size[1], size[0] + size[1]));
        assertThat(reused.write(depth, 1.0))
            .as("%dx%d", size[0], size[1])
            .isEqualTo(DepthPngCodec.encode(depth, 1.0));
      }
    }
  }

  @Test
  void writesSignatureIhdrOneIdatAndIendWithCorrectCrcs() {
    byte[] png = DepthPngCodec.encode(depthOfUnits(37, 23, randomUnits(37, 23, 1)), 1.0);
    ImageHeader header = ImageHeader.readPng(png);
    assertThat(header.width()).isEqualTo(37);
    assertThat(header.height()).isEqualTo(23);
    assertThat(header.bitDepth()).isEqualTo(16);
    assertThat(header.colour()).isEqualTo("grayscale");
    assertThat(png[26]).as("compression").isZero();
    assertThat(png[27]).as("filter method").isZero();
    assertThat(png[28]).as("interlace").isZero();

    List<String> chunks = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
    while (in.hasRemaining()) {
      int length = in.getInt();
      CRC32 crc = new CRC32();
      crc.update(png, in.position(), 4 + length);
      String type = new String(png, in.position(), 4, java.nio.charset.StandardCharsets.US_ASCII);
      in.position(in.position() + 4 + length);
      assertThat(in.getInt()).as("CRC of %s", type).isEqualTo((int) crc.getValue());
      chunks.add(type);
    }
    assertThat(chunks).containsExactly("IHDR", "IDAT", "IEND");
  }

  @Test
  void keepsTheCodecsContractForInvalidAndOutOfRangeDepths() {
    // NaN, negative, infinite and zero are 0; 70 000 saturates; 0.4 stays valid as 1.
    float[] metres = {Float.NaN, -3f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f};
    float[] more = {70_000f, 65_535f, 0.4f, 0.6f, 1234.5f};
    float[] all = new float[10];
    System.arraycopy(metres, 0, all, 0, 5);
    System.arraycopy(more, 0, all, 5, 5);
    byte[] png = DepthPngCodec.encode(new DepthImage(5, 2, all), 1.0);
    assertThat(imageIoSamples(png)).containsExactly(0, 0, 0, 0, 0, 65535, 65535, 1, 1, 1234);
  }

  @Test
  void smoothDepthComesOutSmallerThanItsRawSamples() {
    int[] units = smoothUnits(640, 480, 9);
    byte[] png = DepthPngCodec.encode(depthOfUnits(640, 480, units), 1.0);
    assertThat(png.length).isLessThan(640 * 480 * 2 / 2);
  }

  @Test
  void refusesALevelOutsideZeroToNine() {
    assertThatThrownBy(() -> new DepthPngWriter(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 (fastest) to 9 (smallest), got 10");
    assertThatThrownBy(() -> DepthPngCodec.encode(DepthImage.empty(1, 1), 0.001, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
