package io.depthstream.core.depth;

import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageRejectedException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the pixels of a 16-bit grayscale, non-interlaced PNG straight into metres: the IDAT chunks
 * are inflated one row at a time into two reused row buffers and unfiltered in place, so the only
 * allocation the size of the image is the depth map itself. The caller has read the header and
 * checked it against the limits; this class trusts the size it is given and never inflates more
 * than that size's rows, so a stream that would inflate further cannot cost more memory.
 *
 * <p>It is as lenient as ImageIO, whose results it must reproduce: chunk CRCs are not checked
 * (records and files carry their own checksums), ancillary and unknown chunks are skipped, a
 * missing IEND or a stream cut after the last row's bytes is accepted, and so is output past the
 * last row; a filter type outside 0–4, too few bytes for the declared rows, or a zlib stream that
 * fails to inflate, its checksum included, is {@code corrupt}. That last check reads up to 64 KiB
 * of output past the rows where ImageIO reads to the end of its 8 KiB buffer, so a damaged stream
 * that ImageIO happens to accept could be refused here (DepthPngReaderTest's truncations and random
 * damage found no case either way).
 */
final class DepthPngReader {

  private static final int BYTES_PER_PIXEL = 2;
  // Signature (8) and the IHDR chunk (4 length + 4 type + 13 data + 4 CRC), checked by the caller.
  private static final int FIRST_CHUNK_AFTER_IHDR = 8 + 25;
  private static final int TRAILER_READ_AHEAD = 64 * 1024;

  private final byte[] png;
  private final int width;
  private final int height;
  private final Inflater inflater = new Inflater();
  private int nextChunk = FIRST_CHUNK_AFTER_IHDR;
  private boolean idatSeen;
  private boolean idatDone;

  private DepthPngReader(byte[] png, int width, int height) {
    this.png = png;
    this.width = width;
    this.height = height;
  }

  /** True when the IHDR of {@code png} asks for no interlace and the standard methods. */
  static boolean canRead(byte[] png) {
    // IHDR data starts at 16: width, height, bit depth, colour type, compression, filter,
    // interlace.
    return png.length > 28 && png[26] == 0 && png[27] == 0 && png[28] == 0;
  }

  /**
   * The depth map in metres of a 16-bit grayscale PNG of {@code width × height} pixels whose header
   * the caller has checked; unit 0 becomes 0 (invalid).
   *
   * @throws ImageRejectedException {@code corrupt} when the pixel data does not decode
   */
  static DepthImage read(byte[] png, int width, int height, double scale) {
    DepthPngReader reader = new DepthPngReader(png, width, height);
    try {
      return reader.readRows(scale);
    } catch (DataFormatException e) {
      throw corrupt("its zlib stream is damaged (" + e.getMessage() + ")", e);
    } finally {
      reader.inflater.end();
    }
  }

  private DepthImage readRows(double scale) throws DataFormatException {
    int n = width * BYTES_PER_PIXEL;
    byte[] row = new byte[n + 1];
    byte[] prior = new byte[n + 1];
    float[] metres = new float[width * height];
    for (int y = 0; y < height; y++) {
      inflateRow(row, y);
      PngRowFilter filter = PngRowFilter.ofType(row[0] & 0xFF);
      if (filter == null) {
        throw corrupt("row " + y + " has filter type " + (row[0] & 0xFF) + ", PNG defines 0 to 4");
      }
      filter.undo(row, prior, n, BYTES_PER_PIXEL);
      int rowStart = y * width;
      for (int x = 0, i = 1; x < width; x++, i += 2) {
        int units = ((row[i] & 0xFF) << 8) | (row[i + 1] & 0xFF);
        metres[rowStart + x] = DepthPngCodec.toMetres(units, scale);
      }
      byte[] swap = prior;
      prior = row;
      row = swap;
    }
    checkTrailer();
    return new DepthImage(width, height, metres);
  }

  private void inflateRow(byte[] row, int y) throws DataFormatException {
    int filled = 0;
    while (filled < row.length) {
      int got = inflater.inflate(row, filled, row.length - filled);
      filled += got;
      if (got > 0) {
        continue;
      }
      if (inflater.finished()) {
        throw corrupt(
            "its zlib stream ends inside row " + y + " of " + height + " (" + width + " wide)");
      }
      if (inflater.needsDictionary()) {
        throw corrupt("its zlib stream asks for a preset dictionary, which PNG does not allow");
      }
      if (inflater.needsInput() && !feedNextIdat()) {
        throw corrupt(
            "its image data ends inside row "
                + y
                + " of "
                + height
                + " ("
                + width
                + " wide): truncated, or IDAT chunks missing");
      }
    }
  }

  /**
   * Inflates what follows the last row, up to {@link #TRAILER_READ_AHEAD} bytes of output, so that
   * a zlib checksum that is present but wrong is caught: ImageIO reads ahead through a buffer and
   * catches it too, which a flipped bit in the compressed data usually trips. Output past the rows
   * is ignored, as ImageIO and libpng ignore it.
   */
  private void checkTrailer() throws DataFormatException {
    byte[] scratch = new byte[4096];
    int extra = 0;
    while (!inflater.finished() && extra < TRAILER_READ_AHEAD) {
      int got = inflater.inflate(scratch);
      extra += got;
      if (got == 0 && (!inflater.needsInput() || !feedNextIdat())) {
        return;
      }
    }
  }

  /** Hands the inflater the data of the next IDAT chunk; false when there is none. */
  private boolean feedNextIdat() {
    while (!idatDone && nextChunk <= png.length - 8) {
      long length = readInt(nextChunk) & 0xFFFFFFFFL;
      int dataStart = nextChunk + 8;
      boolean idat =
          png[nextChunk + 4] == 'I'
              && png[nextChunk + 5] == 'D'
              && png[nextChunk + 6] == 'A'
              && png[nextChunk + 7] == 'T';
      boolean iend =
          png[nextChunk + 4] == 'I'
              && png[nextChunk + 5] == 'E'
              && png[nextChunk + 6] == 'N'
              && png[nextChunk + 7] == 'D';
      long next = dataStart + length + 4;
      nextChunk = (int) Math.min(next, png.length);
      if (iend || (!idat && idatSeen)) {
        // IDAT chunks must be consecutive: the first other chunk after them ends the image data.
        idatDone = true;
      } else if (idat) {
        idatSeen = true;
        // A chunk cut short by the end of the bytes still gives what it has.
        int available = (int) Math.min(length, png.length - dataStart);
        if (available > 0) {
          inflater.setInput(png, dataStart, available);
          return true;
        }
      }
    }
    return false;
  }

  private int readInt(int at) {
    return ((png[at] & 0xFF) << 24)
        | ((png[at + 1] & 0xFF) << 16)
        | ((png[at + 2] & 0xFF) << 8)
        | (png[at + 3] & 0xFF);
  }

  private static ImageRejectedException corrupt(String what) {
    return corrupt(what, null);
  }

  private static ImageRejectedException corrupt(String what, Throwable cause) {
    return new ImageRejectedException(
        ImageRejectedException.CORRUPT,
        ImageFormat.PNG + " depth image does not decode: " + what,
        cause);
  }
}
