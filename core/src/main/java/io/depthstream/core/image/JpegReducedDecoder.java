package io.depthstream.core.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes a sequential Huffman JPEG straight to 1/2, 1/4 or 1/8 of its size, for a model that needs
 * no more: a 640×480 camera frame feeds a 128×96 network, and decoding all 307,200 pixels to
 * average them away again was the largest single cost of a frame in the pipeline benchmark.
 *
 * <p><b>What a reduced pixel is.</b> Each output pixel is the mean of the {@code factor × factor}
 * pixels it covers in the full decode, computed from the block's DCT coefficients directly: the
 * mean over {@code s} consecutive samples of an 8-point inverse DCT is itself a linear map of the 8
 * coefficients ({@link #boxMeans}), so a block becomes {@code (8/s) × (8/s)} means with one small
 * matrix product per axis and no full-size pixel ever exists. Up to rounding and clamping this is
 * what {@link Resampling}'s area averaging would make of the full decode at an integer factor.
 * Chroma stored at half resolution is averaged over the same full-size area, so its pixels are the
 * means of the stored chroma (libjpeg smooths chroma while enlarging it; on smooth colour the two
 * agree, at sharp colour edges they differ by a few levels).
 *
 * <p><b>What it takes.</b> Baseline and extended sequential Huffman JPEGs, 8-bit, grayscale or
 * YCbCr in one interleaved scan, each component sampled at the full or half resolution of the
 * largest, with or without restart intervals: what cameras, OpenCV, libjpeg and ImageIO write.
 * Anything else (progressive, arithmetic, lossless, 12-bit, several scans, RGB or CMYK colour,
 * other sampling) returns {@code null} and {@link ImageDecoder} decodes it with ImageIO at full
 * size, as before. Broken data is {@code corrupt}: a Huffman code no table holds, a coefficient
 * past the block's end, scan data that ends before the last block (ImageIO's decoder would fill it
 * with grey and warn), a missing restart marker.
 *
 * <p>Hostile bytes cannot make it loop or allocate beyond the image: every loop is bounded by the
 * block count that {@link ImageHeader} checked against {@link ImageLimits} before this runs, and
 * the planes it allocates are {@code 1/factor²} of that image. Stateless; each call allocates its
 * own tables.
 */
final class JpegReducedDecoder {

  /** Zigzag position → natural (row-major) position in the 8×8 block. */
  private static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  /** {@code BOX_MEANS[log2 n]}: the n × 8 matrices of {@link #boxMeans} for n = 1, 2, 4, 8. */
  private static final float[][][] BOX_MEANS = {boxMeans(1), boxMeans(2), boxMeans(4), boxMeans(8)};

  // ITU-R BT.601 as JFIF uses it, in 16.16 fixed point, indexed by the chroma sample 0..255.
  private static final int[] CR_TO_R = new int[256];
  private static final int[] CB_TO_B = new int[256];
  private static final int[] CR_TO_G = new int[256];
  private static final int[] CB_TO_G = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i - 128;
      CR_TO_R[i] = (int) Math.round(1.40200 * 65536 * c);
      CB_TO_B[i] = (int) Math.round(1.77200 * 65536 * c);
      CR_TO_G[i] = (int) Math.round(-0.71414 * 65536 * c);
      CB_TO_G[i] = (int) Math.round(-0.34414 * 65536 * c) + 32768; // + ½ rounds G
    }
  }

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private JpegReducedDecoder() {}

  /** The reduction factors this decoder produces: 2, 4 and 8. */
  static boolean decodesAt(int factor) {
    return factor == 2 || factor == 4 || factor == 8;
  }

  /**
   * The n × 8 matrix whose row k, applied to an 8-point column of dequantised DCT coefficients,
   * gives the mean of samples {@code k·s .. k·s+s−1} (s = 8/n) of its inverse DCT, before the +128
   * level shift. The inverse DCT is f(x) = Σ_u C(u)/2 · F(u) · cos((2x+1)uπ/16), C(0) = 1/√2, else
   * 1 (ITU T.81, A.3.3, one axis); the mean of f over a range is that sum with the cosines
   * averaged. n = 8 is the inverse DCT itself; n = 1 is the DC term alone, F(0)/(2√2).
   */
  static float[][] boxMeans(int n) {
    int s = 8 / n;
    float[][] m = new float[n][8];
    for (int k = 0; k < n; k++) {
      for (int u = 0; u < 8; u++) {
        double c = u == 0 ? 1 / Math.sqrt(2) : 1;
        double sum = 0;
        for (int x = k * s; x < (k + 1) * s; x++) {
          sum += Math.cos((2 * x + 1) * u * Math.PI / 16);
        }
        m[k][u] = (float) (c / 2 * sum / s);
      }
    }
    return m;
  }

  /**
   * The JPEG decoded at 1/{@code factor} of its size in each axis ({@code ceil(width/factor) ×
   * ceil(height/factor)} pixels, standing for the full frame), or {@code null} when it uses a
   * feature left to ImageIO.
   *
   * @throws ImageRejectedException {@code corrupt} for data that does not decode
   */
  static RgbImage decode(byte[] data, int factor) {
    if (!decodesAt(factor)) {
      throw new IllegalArgumentException("reduced JPEG decoding is by 2, 4 or 8, not " + factor);
    }
    return new Parse(data, factor).run();
  }

  /** One Huffman table: a 9-bit lookup for short codes, the T.81 F.2.2.3 tables for the rest. */
  private static final class Huffman {
    static final int LOOKUP_BITS = 9;
    static final int LOOKUP_MASK = (1 << LOOKUP_BITS) - 1;
    final int[] lookup = new int[1 << LOOKUP_BITS]; // (length << 8) | symbol, 0 = longer code
    // For AC tables: (coefficient << 16) | (run << 8) | bits used, where code and magnitude fit in
    // the lookahead together; 0 = decode the slow way (longer codes, end of block, ZRL).
    final int[] fastAc = new int[1 << LOOKUP_BITS];
    final int[] maxCode = new int[18]; // by length; -1 = no code of that length
    final int[] valueOffset = new int[17];
    final int[] values;

    Huffman(int[] counts, int[] values) {
      this.values = values;
      int code = 0;
      int k = 0;
      for (int length = 1; length <= 16; length++) {
        valueOffset[length] = k - code;
        for (int i = 0; i < counts[length]; i++, k++, code++) {
          if (code >= (1 << length)) {
            throw corrupt("has a Huffman table with more codes of length " + length + " than fit");
          }
          if (length <= LOOKUP_BITS) {
            int shift = LOOKUP_BITS - length;
            for (int fill = 0; fill < (1 << shift); fill++) {
              lookup[(code << shift) | fill] = (length << 8) | values[k];
            }
          }
        }
        maxCode[length] = counts[length] == 0 ? -1 : code - 1;
        code <<= 1;
      }
      maxCode[17] = Integer.MAX_VALUE; // a sentinel: no 17-bit codes exist
      for (int look = 0; look < lookup.length; look++) {
        int entry = lookup[look];
        int length = entry >>> 8;
        int run = (entry & 0xFF) >> 4;
        int size = entry & 0x0F;
        if (entry != 0 && size != 0 && length + size <= LOOKUP_BITS) {
          int magnitude = (look >> (LOOKUP_BITS - length - size)) & ((1 << size) - 1);
          int coefficient = extend(magnitude, size);
          fastAc[look] = (coefficient << 16) | (run << 8) | (length + size);
        }
      }
    }
  }

  /** One colour component as the frame header and the scan describe it. */
  private static final class Component {
    int id;
    int h;
    int v;
    int quantTable;
    Huffman dc;
    Huffman ac;
    int predictor;
    int blockWidth; // output pixels one block covers in x
    int blockHeight;
    float[][] rows; // blockHeight × 8
    float[][] cols; // blockWidth × 8
    byte[] plane;
    int planeWidth;
  }

  /** A parse of one JPEG: its tables, then its scan, read once from start to end. */
  private static final class Parse {
    private final byte[] data;
    private final int factor;
    private final int[][] quant = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int pos = 2;
    private int restartInterval;
    private boolean jfif;
    private int adobeTransform = -1;
    private int width;
    private int height;
    private Component[] components;
    private int maxH = 1;
    private int maxV = 1;

    // The entropy decoder's bit reader, over the scan's bytes unstuffed.
    private byte[] clean;
    private int cleanLength;
    private int[] restarts; // where each RSTn stood in clean
    private int restartCount;
    private int nextRestart;
    private int limit; // the end of the current restart interval in clean
    private long acc;
    private int bits;
    private int paddingBits; // zero bits fed past the interval's end; consuming them = truncated

    Parse(byte[] data, int factor) {
      this.data = data;
      this.factor = factor;
    }

    RgbImage run() {
      if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
        throw corrupt("does not start with the SOI marker FF D8");
      }
      while (true) {
        int marker = nextMarker();
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
          continue;
        }
        if (marker == 0xD9) {
          throw corrupt("ends before its scan");
        }
        int length = segmentLength();
        int start = pos + 2;
        int end = pos + length;
        switch (marker) {
          case 0xC0, 0xC1 -> {
            if (!readFrame(start, end)) {
              return null;
            }
          }
          case 0xC4 -> readHuffmanTables(start, end);
          case 0xDB -> readQuantTables(start, end);
          case 0xDD -> restartInterval = u16(start);
          case 0xE0 -> jfif |= end - start >= 5 && matches(start, "JFIF\0");
          case 0xEE -> {
            if (end - start >= 12 && matches(start, "Adobe")) {
              adobeTransform = data[start + 11] & 0xFF;
            }
          }
          case 0xDA -> {
            pos = end;
            return readScan(start, end) ? decodeScan() : null;
          }
          default -> {
            if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xCC) {
              return null; // progressive, lossless, arithmetic, hierarchical: ImageIO's
            }
          }
        }
        pos = end;
      }
    }

    private int nextMarker() {
      if (pos >= data.length || (data[pos] & 0xFF) != 0xFF) {
        throw corrupt("has no marker at byte " + pos + " where a segment should start");
      }
      while (pos < data.length && (data[pos] & 0xFF) == 0xFF) {
        pos++;
      }
      if (pos >= data.length) {
        throw corrupt("ends inside a marker");
      }
      return data[pos++] & 0xFF;
    }

    private int segmentLength() {
      if (pos + 2 > data.length) {
        throw corrupt("ends inside a segment's length");
      }
      int length = u16(pos);
      if (length < 2 || pos + length > data.length) {
        throw corrupt("has a segment of length " + length + " at byte " + pos + " past its end");
      }
      return length;
    }

    private boolean readFrame(int start, int end) {
      if (components != null) {
        throw corrupt("has two frame headers");
      }
      if (end - start < 6) {
        throw corrupt("has a frame header too short for its size");
      }
      int precision = data[start] & 0xFF;
      height = u16(start + 1);
      width = u16(start + 3);
      int count = data[start + 5] & 0xFF;
      if (precision != 8 || height == 0 || (count != 1 && count != 3)) {
        return false;
      }
      if (end - start < 6 + 3 * count) {
        throw corrupt("has a frame header shorter than its " + count + " components");
      }
      components = new Component[count];
      for (int i = 0; i < count; i++) {
        int at = start + 6 + 3 * i;
        Component c = new Component();
        c.id = data[at] & 0xFF;
        c.h = count == 1 ? 1 : (data[at + 1] & 0xFF) >> 4;
        c.v = count == 1 ? 1 : data[at + 1] & 0x0F;
        c.quantTable = data[at + 2] & 0xFF;
        if (c.h < 1 || c.h > 2 || c.v < 1 || c.v > 2 || c.quantTable > 3) {
          return false;
        }
        maxH = Math.max(maxH, c.h);
        maxV = Math.max(maxV, c.v);
        components[i] = c;
      }
      return true;
    }

    private void readQuantTables(int start, int end) {
      int at = start;
      while (at < end) {
        int precision = (data[at] & 0xFF) >> 4;
        int table = data[at] & 0x0F;
        int size = precision == 0 ? 64 : 128;
        if (table > 3 || precision > 1 || at + 1 + size > end) {
          throw corrupt("has a malformed quantisation table");
        }
        int[] q = new int[64];
        for (int i = 0; i < 64; i++) {
          q[ZIGZAG[i]] = precision == 0 ? data[at + 1 + i] & 0xFF : u16(at + 1 + 2 * i);
        }
        quant[table] = q;
        at += 1 + size;
      }
    }

    private void readHuffmanTables(int start, int end) {
      int at = start;
      while (at < end) {
        if (at + 17 > end) {
          throw corrupt("has a malformed Huffman table");
        }
        int kind = (data[at] & 0xFF) >> 4;
        int table = data[at] & 0x0F;
        int[] counts = new int[17];
        int total = 0;
        for (int length = 1; length <= 16; length++) {
          counts[length] = data[at + length] & 0xFF;
          total += counts[length];
        }
        if (kind > 1 || table > 3 || total > 256 || at + 17 + total > end) {
          throw corrupt("has a malformed Huffman table");
        }
        int[] values = new int[total];
        for (int i = 0; i < total; i++) {
          values[i] = data[at + 17 + i] & 0xFF;
        }
        (kind == 0 ? dcTables : acTables)[table] = new Huffman(counts, values);
        at += 17 + total;
      }
    }

    /** Reads the scan header; false when the JPEG needs ImageIO. */
    private boolean readScan(int start, int end) {
      if (components == null) {
        throw corrupt("starts a scan before its frame header");
      }
      if (components.length == 3
          && (adobeTransform == 0
              || (!jfif
                  && adobeTransform < 0
                  && components[0].id == 'R'
                  && components[1].id == 'G'
                  && components[2].id == 'B'))) {
        return false; // RGB stored as such; ImageIO knows these conventions
      }
      int count = data[start] & 0xFF;
      if (end - start < 1 + 2 * count + 3) {
        throw corrupt("has a scan header shorter than its components");
      }
      if (count != components.length) {
        return false; // components in separate scans
      }
      for (int i = 0; i < count; i++) {
        int id = data[start + 1 + 2 * i] & 0xFF;
        int tables = data[start + 2 + 2 * i] & 0xFF;
        Component c = components[i];
        if (c.id != id) {
          return false; // another order than the frame header's
        }
        int dc = tables >> 4;
        int ac = tables & 0x0F;
        if (dc > 3 || ac > 3 || dcTables[dc] == null || acTables[ac] == null) {
          throw corrupt("uses a Huffman table it does not define");
        }
        if (quant[c.quantTable] == null) {
          throw corrupt("uses a quantisation table it does not define");
        }
        c.dc = dcTables[dc];
        c.ac = acTables[ac];
      }
      int spectralStart = data[start + 1 + 2 * count] & 0xFF;
      int spectralEnd = data[start + 2 + 2 * count] & 0xFF;
      int approximation = data[start + 3 + 2 * count] & 0xFF;
      if (spectralStart != 0 || spectralEnd != 63 || approximation != 0) {
        throw corrupt("has a sequential scan that does not cover the whole block");
      }
      return true;
    }

    private RgbImage decodeScan() {
      int mcuWidth = 8 * maxH;
      int mcuHeight = 8 * maxV;
      int mcusX = (width + mcuWidth - 1) / mcuWidth;
      int mcusY = (height + mcuHeight - 1) / mcuHeight;
      if (components.length == 1) {
        // One component alone is not interleaved: its blocks, not MCUs, cover the image.
        mcusX = (width + 7) / 8;
        mcusY = (height + 7) / 8;
      }
      for (Component c : components) {
        // A block of this component covers 8·maxH/h full-size pixels: that over factor in output.
        c.blockWidth = 8 * (maxH / c.h) / factor;
        c.blockHeight = 8 * (maxV / c.v) / factor;
        if (c.blockWidth < 1 || c.blockHeight < 1) {
          return null; // a component at less than 1/8: not a layout this decoder takes
        }
        c.cols = BOX_MEANS[Integer.numberOfTrailingZeros(c.blockWidth)];
        c.rows = BOX_MEANS[Integer.numberOfTrailingZeros(c.blockHeight)];
        c.planeWidth = mcusX * c.h * c.blockWidth;
        c.plane = new byte[c.planeWidth * mcusY * c.v * c.blockHeight];
      }
      unstuff(pos);
      float[] block = new float[64];
      float[] rowsOut = new float[8 * 8];
      int mcus = mcusX * mcusY;
      int sinceRestart = 0;
      for (int mcu = 0; mcu < mcus; mcu++) {
        if (restartInterval > 0 && sinceRestart == restartInterval) {
          restart();
          sinceRestart = 0;
        }
        int mx = mcu % mcusX;
        int my = mcu / mcusX;
        for (Component c : components) {
          for (int by = 0; by < c.v; by++) {
            for (int bx = 0; bx < c.h; bx++) {
              int extent = decodeBlock(c, block);
              int x = (mx * c.h + bx) * c.blockWidth;
              int y = (my * c.v + by) * c.blockHeight;
              reduce(c, block, extent, rowsOut, x, y);
            }
          }
        }
        sinceRestart++;
      }
      checkNotTruncated();
      return toRgb();
    }

    /**
     * Decodes one block's coefficients into {@code block}, dequantised, in natural order; returns
     * the extent of its non-zero coefficients, {@code (highest row << 3) | highest column}, so
     * {@link #reduce} skips the zero rows and columns (most of a block, at camera qualities). The
     * caller's array is all zero on entry and left so by {@link #reduce}.
     */
    private int decodeBlock(Component c, float[] block) {
      int[] q = quant[c.quantTable];
      int category = decodeSymbol(c.dc);
      if (category > 11) {
        throw corrupt(
            "has a DC difference of " + category + " bits, more than 8-bit samples allow");
      }
      c.predictor += category == 0 ? 0 : extend(receive(category), category);
      block[0] = (float) c.predictor * q[0];
      int maxRow = 0;
      int maxCol = 0;
      Huffman ac = c.ac;
      for (int k = 1; k < 64; k++) {
        if (bits < 16) {
          fill();
        }
        int look = (int) (acc >>> (bits - Huffman.LOOKUP_BITS)) & (Huffman.LOOKUP_MASK);
        int fast = ac.fastAc[look];
        int value;
        if (fast != 0) {
          // Code and magnitude bits both within the lookahead: one table read for the pair.
          bits -= fast & 0xFF;
          k += (fast >> 8) & 0xFF;
          value = fast >> 16;
        } else {
          int symbol = decodeSymbol(ac);
          int run = symbol >> 4;
          int size = symbol & 0x0F;
          if (size == 0) {
            if (run != 15) {
              break; // end of block
            }
            k += 15;
            continue;
          }
          k += run;
          if (size > 10) {
            throw corrupt("has an AC coefficient of " + size + " bits, more than 8-bit allows");
          }
          value = extend(receive(size), size);
        }
        if (k > 63) {
          throw corrupt("has a block whose coefficients run past its end");
        }
        int at = ZIGZAG[k];
        block[at] = (float) value * q[at];
        maxRow = Math.max(maxRow, at >> 3);
        maxCol = Math.max(maxCol, at & 7);
      }
      return (maxRow << 3) | maxCol;
    }

    /**
     * The block's box means into the component's plane at (x, y): columns first on the rows that
     * can hold coefficients, then rows. Clears the block for the next one.
     */
    private void reduce(Component c, float[] block, int extent, float[] rowsOut, int x, int y) {
      int bw = c.blockWidth;
      int bh = c.blockHeight;
      int lastRow = extent >> 3;
      int lastCol = extent & 7;
      byte[] plane = c.plane;
      if (extent == 0) {
        // Only the DC term: every mean is F(0)/8.
        byte b = (byte) clamp(Math.round(block[0] / 8 + 128));
        for (int j = 0; j < bh; j++) {
          int from = (y + j) * c.planeWidth + x;
          Arrays.fill(plane, from, from + bw, b);
        }
        block[0] = 0;
        return;
      }
      float[][] cols = c.cols;
      float[][] rows = c.rows;
      for (int v = 0; v <= lastRow; v++) {
        int base = v * 8;
        for (int k = 0; k < bw; k++) {
          float[] m = cols[k];
          float sum = 0;
          for (int u = 0; u <= lastCol; u++) {
            sum += m[u] * block[base + u];
          }
          rowsOut[base + k] = sum;
        }
        Arrays.fill(block, base, base + lastCol + 1, 0f);
      }
      for (int j = 0; j < bh; j++) {
        float[] m = rows[j];
        int out = (y + j) * c.planeWidth + x;
        for (int k = 0; k < bw; k++) {
          float sum = 128;
          for (int v = 0; v <= lastRow; v++) {
            sum += m[v] * rowsOut[v * 8 + k];
          }
          plane[out + k] = (byte) clamp(Math.round(sum));
        }
      }
    }

    private RgbImage toRgb() {
      int outWidth = (width + factor - 1) / factor;
      int outHeight = (height + factor - 1) / factor;
      byte[] rgb = new byte[outWidth * outHeight * 3];
      if (components.length == 1) {
        Component gray = components[0];
        for (int y = 0, o = 0; y < outHeight; y++) {
          int row = y * gray.planeWidth;
          for (int x = 0; x < outWidth; x++, o += 3) {
            byte g = gray.plane[row + x];
            rgb[o] = g;
            rgb[o + 1] = g;
            rgb[o + 2] = g;
          }
        }
      } else {
        Component luma = components[0];
        Component cb = components[1];
        Component cr = components[2];
        for (int y = 0, o = 0; y < outHeight; y++) {
          int rowY = y * luma.planeWidth;
          int rowB = y * cb.planeWidth;
          int rowR = y * cr.planeWidth;
          for (int x = 0; x < outWidth; x++, o += 3) {
            int l = (luma.plane[rowY + x] & 0xFF) << 16;
            int b = cb.plane[rowB + x] & 0xFF;
            int r = cr.plane[rowR + x] & 0xFF;
            rgb[o] = (byte) clamp((l + CR_TO_R[r] + 32768) >> 16);
            rgb[o + 1] = (byte) clamp((l + CB_TO_G[b] + CR_TO_G[r]) >> 16);
            rgb[o + 2] = (byte) clamp((l + CB_TO_B[b] + 32768) >> 16);
          }
        }
      }
      return new RgbImage(outWidth, outHeight, rgb, width, height);
    }

    // ---- the entropy-coded data: bits, Huffman symbols, restarts

    /**
     * Copies the scan's entropy-coded bytes from {@code from} without their byte stuffing (FF 00 is
     * FF) and without their RSTn markers, whose places are kept in {@link #restarts}, up to the
     * marker that ends the scan; eight zero bytes follow, so the reader may fetch eight at a time.
     */
    private void unstuff(int from) {
      clean = new byte[data.length - from + 8];
      restarts = new int[16];
      int n = 0;
      int i = from;
      while (i < data.length) {
        byte b = data[i];
        if (b != (byte) 0xFF) {
          clean[n++] = b;
          i++;
          continue;
        }
        int j = i + 1;
        while (j < data.length && data[j] == (byte) 0xFF) {
          j++; // fill bytes before a marker
        }
        if (j >= data.length) {
          break;
        }
        int marker = data[j] & 0xFF;
        if (marker == 0x00) {
          clean[n++] = (byte) 0xFF;
        } else if (marker >= 0xD0 && marker <= 0xD7) {
          if (restartCount == restarts.length) {
            restarts = Arrays.copyOf(restarts, restarts.length * 2);
          }
          restarts[restartCount++] = n;
        } else {
          break; // EOI, or a marker after the scan
        }
        i = j + 1;
      }
      cleanLength = n;
      pos = 0;
      limit = restartCount > 0 ? restarts[0] : cleanLength;
    }

    private void fill() {
      if (pos + 8 <= limit) {
        int need = (64 - bits) >> 3; // whole bytes that fit; bits <= 56 here, so 1..8
        long next = (long) BIG_ENDIAN_LONG.get(clean, pos);
        acc = need == 8 ? next : (acc << (8 * need)) | (next >>> (64 - 8 * need));
        bits += 8 * need;
        pos += need;
        return;
      }
      while (bits <= 56) {
        int b = 0;
        if (pos < limit) {
          b = clean[pos++] & 0xFF;
        } else {
          paddingBits += 8; // past the interval's last byte: zeros, and a truncation if used
        }
        acc = (acc << 8) | b;
        bits += 8;
      }
    }

    private int decodeSymbol(Huffman table) {
      if (bits < 16) {
        fill();
      }
      int look = (int) (acc >>> (bits - Huffman.LOOKUP_BITS)) & ((1 << Huffman.LOOKUP_BITS) - 1);
      int entry = table.lookup[look];
      if (entry != 0) {
        bits -= entry >>> 8;
        return entry & 0xFF;
      }
      int length = Huffman.LOOKUP_BITS + 1;
      int code = (int) (acc >>> (bits - length)) & ((1 << length) - 1);
      while (code > table.maxCode[length]) {
        length++;
        if (length > 16) {
          throw corrupt("has a Huffman code that its table does not hold");
        }
        code = (int) (acc >>> (bits - length)) & ((1 << length) - 1);
      }
      bits -= length;
      return table.values[code + table.valueOffset[length]];
    }

    private int receive(int size) {
      if (bits < size) {
        fill();
      }
      bits -= size;
      return (int) (acc >>> bits) & ((1 << size) - 1);
    }

    /**
     * Between restart intervals: drop what is left of the last byte (the encoder's 1-bit padding),
     * move to the bytes after the next RSTn, reset the DC predictors.
     */
    private void restart() {
      checkNotTruncated();
      if (nextRestart >= restartCount) {
        throw corrupt("misses a restart marker after " + pos + " bytes of scan data");
      }
      pos = restarts[nextRestart++];
      limit = nextRestart < restartCount ? restarts[nextRestart] : cleanLength;
      acc = 0;
      bits = 0;
      paddingBits = 0;
      for (Component c : components) {
        c.predictor = 0;
      }
    }

    private void checkNotTruncated() {
      if (paddingBits > bits) {
        throw corrupt("ends its scan data before its last block (truncated?)");
      }
    }

    // ---- bytes

    private int u16(int at) {
      if (at + 2 > data.length) {
        throw corrupt("ends inside a segment");
      }
      return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    private boolean matches(int at, String text) {
      for (int i = 0; i < text.length(); i++) {
        if ((data[at + i] & 0xFF) != text.charAt(i)) {
          return false;
        }
      }
      return true;
    }
  }

  /** T.81 F.2.2.1's EXTEND: {@code size} magnitude bits to a signed coefficient. */
  private static int extend(int value, int size) {
    return value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static ImageRejectedException corrupt(String what) {
    return new ImageRejectedException(ImageRejectedException.CORRUPT, "JPEG " + what);
  }
}
