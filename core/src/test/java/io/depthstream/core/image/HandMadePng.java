package io.depthstream.core.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * PNG bytes built by hand for limit tests: a header that claims any size over a token IDAT, and
 * real all-zero images, which compress about a thousandfold and so make decompression bombs.
 */
public final class HandMadePng {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private HandMadePng() {}

  /**
   * Signature, an IHDR declaring the size and layout, an IDAT holding one deflated zero byte, and
   * IEND, every CRC right: a PNG that only its header makes look valid (under 80 bytes).
   *
   * @param colourType PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
   */
  public static byte[] headerOnly(int width, int height, int bitDepth, int colourType) {
    return png(width, height, bitDepth, colourType, deflate(1, 1));
  }

  /**
   * A valid PNG of {@code width × height} zero samples (black, transparent where there is alpha):
   * each row a filter byte 0 and zeros, deflated as it is streamed, so building a bomb never holds
   * its raster.
   */
  public static byte[] zeros(int width, int height, int bitDepth, int colourType) {
    int channels =
        switch (colourType) {
          case 0 -> 1;
          case 2 -> 3;
          case 4 -> 2;
          case 6 -> 4;
          default ->
              throw new IllegalArgumentException(
                  "colour type " + colourType + " is not built here (a palette needs PLTE)");
        };
    long rowBytes = 1 + ((long) width * channels * bitDepth + 7) / 8;
    return png(width, height, bitDepth, colourType, deflate(Math.toIntExact(rowBytes), height));
  }

  private static byte[] png(int width, int height, int bitDepth, int colourType, byte[] idat) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(SIGNATURE);
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) bitDepth).put((byte) colourType).put(new byte[] {0, 0, 0});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** zlib stream of {@code rows} rows of {@code rowBytes} zero bytes. */
  private static byte[] deflate(int rowBytes, int rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(out, deflater, 1 << 16)) {
      byte[] row = new byte[rowBytes];
      for (int i = 0; i < rows; i++) {
        zlib.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }
}
