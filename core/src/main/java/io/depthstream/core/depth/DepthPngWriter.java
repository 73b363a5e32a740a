package io.depthstream.core.depth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes depth maps as 16-bit grayscale, non-interlaced PNGs, the one layout {@link DepthPngCodec}
 * puts on Kafka, without ImageIO: each row is converted to big-endian units, filtered, and fed to a
 * {@link Deflater} that fills one IDAT chunk. One instance holds its deflater and buffers across
 * maps, so a thread that writes many maps may keep one (it is not thread-safe) and close it when
 * done; nothing is allocated per row.
 *
 * <p>Every row is filtered with Sub (each byte minus the same byte of the pixel to its left). On
 * predicted depth, Sub alone beat Up, Paeth and the PNG spec's per-row choice by minimum sum of
 * absolute differences, in bytes and in time; see {@link DepthPngCodec} for the measurements.
 */
public final class DepthPngWriter implements AutoCloseable {

  /** Filters tried on every row: Sub alone, as measured for issue 12. */
  static final Set<PngRowFilter> DEFAULT_FILTERS = EnumSet.of(PngRowFilter.SUB);

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int BYTES_PER_PIXEL = 2;
  // Signature, IHDR chunk (4 length + 4 type + 13 + 4 CRC), IDAT length and type.
  private static final int IDAT_DATA_START = 8 + 25 + 8;
  private static final int IEND_CHUNK = 12;

  /**
   * How a row's filter is chosen when several are tried. The default tries one; the choices stay so
   * that DepthPngCodecBench can measure them again on another model's maps.
   */
  enum RowChoice {
    /** Smallest sum of absolute signed bytes, the PNG spec's suggestion. */
    MIN_SUM,
    /** Smallest Shannon entropy of the row's bytes, the heuristic oxipng defaults to. */
    MIN_ENTROPY
  }

  private final Deflater deflater;
  private final PngRowFilter[] filters;
  private final RowChoice choice;
  private final CRC32 crc = new CRC32();
  private final int[] histogram = new int[256];
  private double[] countTimesLog = new double[0];
  private byte[] out = new byte[0];
  private int pos;
  private byte[] raw = new byte[0];
  private byte[] prior = new byte[0];
  private byte[][] candidates = new byte[0][];

  /**
   * A writer at deflate {@code level} with the default filter.
   *
   * @param level 0 (stored, fastest, largest) to 9 (smallest, slowest)
   */
  public DepthPngWriter(int level) {
    this(level, DEFAULT_FILTERS, RowChoice.MIN_SUM);
  }

  /** A writer trying {@code filters} on each row, picking one by {@code choice}. */
  DepthPngWriter(int level, Set<PngRowFilter> filters, RowChoice choice) {
    this(level, Deflater.DEFAULT_STRATEGY, filters, choice);
  }

  /**
   * A writer with a deflate {@code strategy} ({@link Deflater#DEFAULT_STRATEGY} or {@link
   * Deflater#HUFFMAN_ONLY}), trying {@code filters} on each row, picking one by {@code choice}.
   */
  DepthPngWriter(int level, int strategy, Set<PngRowFilter> filters, RowChoice choice) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException(
          "deflate level must be 0 (fastest) to 9 (smallest), got "
              + level
              + "; DepthPngCodec.DEFAULT_LEVEL is the service's choice");
    }
    if (filters.isEmpty()) {
      throw new IllegalArgumentException("at least one PNG row filter is needed");
    }
    this.choice = choice;
    this.deflater = new Deflater(level);
    deflater.setStrategy(strategy);
    // Paeth and Up first: on smooth depth they often win, so the others give up early.
    this.filters =
        filters.stream()
            .sorted((a, b) -> Integer.compare(triesFirst(b), triesFirst(a)))
            .toArray(PngRowFilter[]::new);
  }

  private static int triesFirst(PngRowFilter f) {
    return f == PngRowFilter.PAETH ? 2 : f == PngRowFilter.UP ? 1 : 0;
  }

  /**
   * The PNG of {@code depth} in units of {@code scale} metres, each value as {@link
   * DepthPngCodec#toUnits} rounds it.
   */
  public byte[] write(DepthImage depth, double scale) {
    int width = depth.width();
    int height = depth.height();
    int n = width * BYTES_PER_PIXEL;
    prepare(n, width, height);
    writeHeader(width, height);
    deflater.reset();
    float[] metres = depth.metres();
    for (int y = 0; y < height; y++) {
      int rowStart = y * width;
      for (int x = 0, i = 1; x < width; x++, i += 2) {
        int units = DepthPngCodec.toUnits(metres[rowStart + x], scale);
        raw[i] = (byte) (units >>> 8);
        raw[i + 1] = (byte) units;
      }
      byte[] filtered = filter(n);
      deflater.setInput(filtered, 0, n + 1);
      while (!deflater.needsInput()) {
        deflateSome();
      }
      byte[] swap = prior;
      prior = raw;
      raw = swap;
    }
    deflater.finish();
    while (!deflater.finished()) {
      deflateSome();
    }
    finishChunks();
    return Arrays.copyOf(out, pos);
  }

  private byte[] filter(int n) {
    if (filters.length == 1) {
      filters[0].apply(raw, prior, candidates[0], n, BYTES_PER_PIXEL, Integer.MAX_VALUE);
      return candidates[0];
    }
    int best = 0;
    if (choice == RowChoice.MIN_ENTROPY) {
      double bestBits = Double.MAX_VALUE;
      for (int f = 0; f < filters.length; f++) {
        filters[f].apply(raw, prior, candidates[f], n, BYTES_PER_PIXEL, Integer.MAX_VALUE);
        double bits = entropyBits(candidates[f], n);
        if (bits < bestBits) {
          bestBits = bits;
          best = f;
        }
      }
      return candidates[best];
    }
    int bestSum = Integer.MAX_VALUE;
    for (int f = 0; f < filters.length; f++) {
      int sum = filters[f].apply(raw, prior, candidates[f], n, BYTES_PER_PIXEL, bestSum);
      if (sum < bestSum) {
        bestSum = sum;
        best = f;
      }
    }
    return candidates[best];
  }

  /** The row's entropy in nats times n, less the constant n·ln(n): −Σ c·ln(c) over byte counts. */
  private double entropyBits(byte[] row, int n) {
    Arrays.fill(histogram, 0);
    for (int i = 1; i <= n; i++) {
      histogram[row[i] & 0xFF]++;
    }
    double bits = 0;
    for (int c : histogram) {
      bits -= countTimesLog[c];
    }
    return bits;
  }

  private void prepare(int n, int width, int height) {
    if (choice == RowChoice.MIN_ENTROPY && countTimesLog.length != n + 1) {
      countTimesLog = new double[n + 1];
      for (int c = 1; c <= n; c++) {
        countTimesLog[c] = c * Math.log(c);
      }
    }
    if (raw.length != n + 1) {
      raw = new byte[n + 1];
      prior = new byte[n + 1];
      candidates = new byte[filters.length][n + 1];
    } else {
      Arrays.fill(prior, (byte) 0);
    }
    // Smooth depth deflates to about a third of its raw size; grow from there if it does not.
    long guess = IDAT_DATA_START + (long) (n + 1) * height / 3 + 1024 + IEND_CHUNK;
    if (out.length < guess) {
      out = new byte[(int) Math.min(guess, Integer.MAX_VALUE - 16)];
    }
    pos = 0;
  }

  private void deflateSome() {
    if (out.length - pos < 4096 + IEND_CHUNK + 4) {
      out = Arrays.copyOf(out, out.length + Math.max(out.length >> 1, 1 << 16));
    }
    pos += deflater.deflate(out, pos, out.length - pos - IEND_CHUNK - 4);
  }

  private void writeHeader(int width, int height) {
    System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
    pos = SIGNATURE.length;
    int ihdr = pos;
    putInt(13);
    putType("IHDR");
    putInt(width);
    putInt(height);
    out[pos++] = 16; // bit depth
    out[pos++] = 0; // colour type: grayscale
    out[pos++] = 0; // compression: deflate
    out[pos++] = 0; // filter method: adaptive, five types
    out[pos++] = 0; // no interlace
    putCrc(ihdr + 4, pos);
    putInt(0); // IDAT length, filled in by finishChunks
    putType("IDAT");
  }

  private void finishChunks() {
    int idatLength = pos - IDAT_DATA_START;
    int end = pos;
    pos = IDAT_DATA_START - 8;
    putInt(idatLength);
    pos = end;
    putCrc(IDAT_DATA_START - 4, pos);
    int iend = pos;
    putInt(0);
    putType("IEND");
    putCrc(iend + 4, pos);
  }

  private void putCrc(int from, int to) {
    crc.reset();
    crc.update(out, from, to - from);
    putInt((int) crc.getValue());
  }

  private void putType(String type) {
    for (int i = 0; i < 4; i++) {
      out[pos++] = (byte) type.charAt(i);
    }
  }

  private void putInt(int v) {
    out[pos++] = (byte) (v >>> 24);
    out[pos++] = (byte) (v >>> 16);
    out[pos++] = (byte) (v >>> 8);
    out[pos++] = (byte) v;
  }

  /** Frees the deflater's native memory; the writer cannot be used afterwards. */
  @Override
  public void close() {
    deflater.end();
  }
}
