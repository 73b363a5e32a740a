package io.depthstream.core.depth;

import static io.depthstream.core.depth.DepthPngFixtures.depthOfUnits;
import static io.depthstream.core.depth.DepthPngFixtures.extremeUnits;
import static io.depthstream.core.depth.DepthPngFixtures.imageIoPng;
import static io.depthstream.core.depth.DepthPngFixtures.imageIoSamples;
import static io.depthstream.core.depth.DepthPngFixtures.randomUnits;
import static io.depthstream.core.depth.DepthPngFixtures.smoothUnits;
import static io.depthstream.core.depth.DepthPngFixtures.unitsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.ImageRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class DepthPngReaderTest {

  @Test
  void readsImageIoPngsSampleForSample() {
    for (int[] size : new int[][] {{1, 1}, {1, 57}, {57, 1}, {3, 1000}, {641, 479}}) {
      int w = size[0];
      int h = size[1];
      for (int[] units :
          List.of(randomUnits(w, h, 11), smoothUnits(w, h, 12), extremeUnits(w, h))) {
        byte[] png = imageIoPng(w, h, units, false);
        assertThat(DepthPngReader.canRead(png)).isTrue();
        assertThat(unitsOf(DepthPngReader.read(png, w, h, 1.0))).as("%dx%d", w, h).isEqualTo(units);
      }
    }
  }

  @Test
  void leavesInterlacedPngsToImageIo() {
    int[] units = smoothUnits(33, 17, 4);
    byte[] png = imageIoPng(33, 17, units, true);
    assertThat(png[28]).as("Adam7").isEqualTo((byte) 1);
    assertThat(DepthPngReader.canRead(png)).isFalse();
    assertThat(unitsOf(DepthPngCodec.decode(png, 1.0))).isEqualTo(units);
  }

  @Test
  void appliesTheScaleAndKeepsZeroInvalid() {
    byte[] png = imageIoPng(3, 1, new int[] {0, 1000, 65535}, false);
    assertThat(DepthPngCodec.decode(png, 0.001).metres()).containsExactly(0f, 1.0f, 65.535f);
    assertThat(DepthPngCodec.decode(png, DepthPngCodec.KITTI).metres())
        .containsExactly(0f, 3.90625f, 255.99609375f);
  }

  @Test
  void readsDataSplitOverManyIdatChunksBetweenAncillaryOnes() {
    int[] units = randomUnits(20, 10, 3);
    byte[] zlib = zlib(rawRows(20, 10, units, 4));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ihdr(20, 10, 0));
    out.writeBytes(chunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F}));
    out.writeBytes(chunk("tEXt", "Comment\0depth".getBytes(StandardCharsets.ISO_8859_1)));
    for (int at = 0, step = 1; at < zlib.length; at += step, step = step * 2 + 1) {
      out.writeBytes(chunk("IDAT", Arrays.copyOfRange(zlib, at, Math.min(zlib.length, at + step))));
    }
    out.writeBytes(chunk("IEND", new byte[0]));
    byte[] png = out.toByteArray();

    assertThat(unitsOf(DepthPngCodec.decode(png, 1.0))).isEqualTo(units);
    assertThat(imageIoSamples(png)).isEqualTo(units);
  }

  @Test
  void rejectsAnUnknownFilterTypeAsCorrupt() {
    byte[] raw = rawRows(4, 3, randomUnits(4, 3, 1), 0);
    raw[1 + 4 * 2] = 5; // second row's filter byte
    assertCorrupt(png(4, 3, zlib(raw)), "row 1 has filter type 5, PNG defines 0 to 4");
  }

  @Test
  void rejectsAWrongZlibChecksumAsCorrupt() {
    byte[] zlib = zlib(rawRows(8, 8, smoothUnits(8, 8, 1), 2));
    zlib[zlib.length - 1] ^= 1;
    assertCorrupt(png(8, 8, zlib), "zlib stream is damaged");
  }

  @Test
  void rejectsAStreamThatEndsBeforeTheLastRowAsCorrupt() {
    byte[] zlib = zlib(Arrays.copyOf(rawRows(8, 8, smoothUnits(8, 8, 1), 2), 7 * 17 + 5));
    assertCorrupt(png(8, 8, zlib), "its zlib stream ends inside row 7 of 8 (8 wide)");
  }

  @Test
  void rejectsAPngWithoutImageDataAsCorrupt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ihdr(8, 8, 0));
    out.writeBytes(chunk("IEND", new byte[0]));
    assertCorrupt(out.toByteArray(), "image data ends inside row 0 of 8");
  }

  /**
   * The reason a damaged depth PNG gets must not depend on which decoder reads it: for every
   * truncation of a small PNG and for random damage to its compressed bytes, the direct reader
   * decodes exactly when ImageIO does, to the same samples, and otherwise says {@code corrupt}.
   */
  @Test
  void acceptsAndRejectsDamagedPngsAsImageIoDoes() {
    // 100x60 inflates to more than ImageIO's 8 KiB read-ahead, 24x16 to less.
    for (int[] size : new int[][] {{24, 16}, {100, 60}}) {
      int w = size[0];
      int h = size[1];
      int[] units = smoothUnits(w, h, 8);
      for (byte[] png :
          List.of(
              DepthPngCodec.encode(depthOfUnits(w, h, units), 1.0),
              imageIoPng(w, h, units, false))) {
        for (int cut = 29; cut < png.length; cut += 1 + cut / 200) {
          assertSameVerdict(Arrays.copyOf(png, cut), w + "x" + h + " cut at " + cut);
        }
        Random random = new Random(21);
        for (int i = 0; i < 200; i++) {
          byte[] damaged = png.clone();
          // IDAT data starts at 41 in both encoders' output; IEND is the last 12 bytes.
          int at = 41 + random.nextInt(png.length - 41 - 12);
          damaged[at] ^= (byte) (1 + random.nextInt(255));
          assertSameVerdict(damaged, w + "x" + h + " byte " + at + " changed");
        }
      }
    }
  }

  private static void assertSameVerdict(byte[] png, String what) {
    int[] expected;
    try {
      expected = imageIoSamples(png);
    } catch (RuntimeException e) {
      expected = null;
    }
    if (expected != null) {
      assertThat(unitsOf(DepthPngCodec.decode(png, 1.0))).as(what).isEqualTo(expected);
    } else {
      assertThatThrownBy(() -> DepthPngCodec.decode(png, 1.0))
          .as(what)
          .isInstanceOf(ImageRejectedException.class)
          .extracting(e -> ((ImageRejectedException) e).reason())
          .isEqualTo(ImageRejectedException.CORRUPT);
    }
  }

  private static void assertCorrupt(byte[] png, String message) {
    assertThatThrownBy(() -> DepthPngCodec.decode(png, 1.0))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessageContaining("PNG depth image does not decode: ")
        .hasMessageContaining(message)
        .extracting(e -> ((ImageRejectedException) e).reason())
        .isEqualTo(ImageRejectedException.CORRUPT);
  }

  /** Rows of big-endian samples, each behind filter byte {@code filter}, filtered by it. */
  private static byte[] rawRows(int w, int h, int[] units, int filter) {
    int n = w * 2;
    byte[] all = new byte[h * (n + 1)];
    byte[] prior = new byte[n + 1];
    for (int y = 0; y < h; y++) {
      byte[] raw = new byte[n + 1];
      for (int x = 0; x < w; x++) {
        raw[1 + 2 * x] = (byte) (units[y * w + x] >>> 8);
        raw[2 + 2 * x] = (byte) units[y * w + x];
      }
      byte[] out = new byte[n + 1];
      PngRowFilter.ofType(filter).apply(raw, prior, out, n, 2, Integer.MAX_VALUE);
      System.arraycopy(out, 0, all, y * (n + 1), n + 1);
      prior = raw;
    }
    return all;
  }

  private static byte[] zlib(byte[] data) {
    Deflater deflater = new Deflater();
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static byte[] png(int w, int h, byte[] zlib) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ihdr(w, h, 0));
    out.writeBytes(chunk("IDAT", zlib));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  private static byte[] ihdr(int w, int h, int interlace) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer data = ByteBuffer.allocate(13).putInt(w).putInt(h);
    data.put((byte) 16).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) interlace);
    out.writeBytes(chunk("IHDR", data.array()));
    return out.toByteArray();
  }

  private static byte[] chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }
}
