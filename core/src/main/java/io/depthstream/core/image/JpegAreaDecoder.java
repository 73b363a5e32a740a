package io.depthstream.core.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes a sequential Huffman JPEG straight to a smaller size by area averaging, for a model that
 * needs no more: a 640×480 camera frame feeds a 128×96 network, and decoding all 307,200 pixels
 * only to average them away again costs a full-size raster, its RGB copy and the resize.
 *
 * <p><b>What an output pixel is.</b> Exactly what {@link Resampling}'s area averaging makes of the
 * whole decode: the mean of the source pixels it covers, each weighted by the fraction covered. The
 * mean of any stretch of an 8-point inverse DCT is a linear map of the block's coefficients, so
 * each block adds its share to the few output pixels it touches with one small matrix product per
 * axis ({@link BlockAxis}), and no full-size pixel ever exists. It differs from resizing the whole
 * decode only where that clamps pixels before averaging (a saturated highlight) and at sharp colour
 * edges: chroma stored at half resolution is averaged as stored, where libjpeg smooths it while
 * enlarging. Measured against ImageIO's decode resized: a third of a grey level on average.
 *
 * <p><b>What it takes.</b> Baseline and extended sequential Huffman JPEGs, 8-bit, grayscale or
 * YCbCr in one interleaved scan, each component sampled at the full or half resolution of the
 * largest, with or without restart intervals: what cameras, OpenCV, libjpeg and ImageIO write.
 * Anything else (progressive, arithmetic, lossless, 12-bit, several scans, RGB or CMYK colour,
 * other sampling) returns {@code null} and {@link ImageDecoder} decodes it whole with ImageIO, as
 * before. Broken data is {@code corrupt}: a Huffman code no table holds, a coefficient past the
 * block's end, scan data that ends before the last block (ImageIO's decoder would fill it with grey
 * and warn), a missing restart marker.
 *
 * <p>Hostile bytes cannot make it loop or allocate beyond the image: every loop is bounded by the
 * block count that {@link ImageHeader} checked against {@link ImageLimits} before this runs, and it
 * allocates the scan's bytes once more, weights per block column and row, and three planes of the
 * output's size. Stateless; each call allocates its own tables.
 */
final class JpegAreaDecoder {

  /** Zigzag position → natural (row-major) position in the 8×8 block. */
  private static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  /** T.81's 8-point inverse DCT: sample k of a block is Σ_u IDCT[k][u]·F(u) (plus 128). */
  private static final double[][] IDCT = inverseDct();

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private JpegAreaDecoder() {}

  /**
   * The inverse DCT of one axis: f(k) = Σ_u C(u)/2 · F(u) · cos((2k+1)uπ/16), C(0) = 1/√2, else 1
   * (ITU T.81, A.3.3).
   */
  static double[][] inverseDct() {
    double[][] m = new double[8][8];
    for (int k = 0; k < 8; k++) {
      for (int u = 0; u < 8; u++) {
        double c = u == 0 ? 1 / Math.sqrt(2) : 1;
        m[k][u] = c / 2 * Math.cos((2 * k + 1) * u * Math.PI / 16);
      }
    }
    return m;
  }

  /**
   * The JPEG decoded and area-averaged to {@code outWidth × outHeight} (each no larger than the
   * JPEG's own), standing for the whole frame, or {@code null} when it uses a feature left to
   * ImageIO.
   *
   * @throws ImageRejectedException {@code corrupt} for data that does not decode
   */
  static RgbImage decode(byte[] data, int outWidth, int outHeight) {
    if (outWidth <= 0 || outHeight <= 0) {
      throw new IllegalArgumentException(
          "output size must be positive, got " + outWidth + "x" + outHeight);
    }
    return new Parse(data, outWidth, outHeight).run();
  }

  /**
   * Along one axis of one component, what each block of 8 samples adds to the output pixels it
   * overlaps: {@code weights[b][j][u]} is the share of coefficient u of block b in output pixel
   * {@code first[b] + j}, the inverse DCT of each sample times the fraction of that output pixel
   * the sample covers. A component sampled at half resolution has samples two source pixels wide.
   */
  static final class BlockAxis {
    final int[] first;
    final int[] count;
    final float[][][] weights;
    final int maxCount;

    /**
     * @param source the frame's pixels along the axis
     * @param out the output's pixels along it (at most {@code source})
     * @param samples the component's samples along it ({@code ceil(source / stride)})
     * @param stride source pixels per sample: 1, or 2 for chroma at half resolution
     * @param blocks blocks along the axis, padding blocks included
     */
    BlockAxis(int source, int out, int samples, int stride, int blocks) {
      first = new int[blocks];
      count = new int[blocks];
      weights = new float[blocks][][];
      double span = (double) source / out; // source pixels per output pixel
      int widest = 0;
      for (int b = 0; b < blocks; b++) {
        int lastSample = Math.min(samples, 8 * b + 8) - 1;
        if (8 * b > lastSample) {
          weights[b] = new float[0][];
          continue; // a padding block: outside the frame
        }
        double from = 8.0 * b * stride;
        double to = Math.min(source, (lastSample + 1.0) * stride);
        int o0 = (int) Math.floor(from / span);
        int o1 = Math.min(out - 1, (int) Math.ceil(to / span) - 1);
        double[][] w = new double[o1 - o0 + 1][8];
        for (int k = 0; 8 * b + k <= lastSample; k++) {
          double a = (8.0 * b + k) * stride;
          double z = Math.min(source, a + stride);
          for (int o = Math.max(o0, (int) Math.floor(a / span)); o <= o1 && o * span < z; o++) {
            double overlap = Math.min(z, (o + 1) * span) - Math.max(a, o * span);
            if (overlap <= 0) {
              continue;
            }
            for (int u = 0; u < 8; u++) {
              w[o - o0][u] += overlap / span * IDCT[k][u];
            }
          }
        }
        first[b] = o0;
        count[b] = w.length;
        weights[b] = new float[w.length][8];
        for (int j = 0; j < w.length; j++) {
          for (int u = 0; u < 8; u++) {
            weights[b][j][u] = (float) w[j][u];
          }
        }
        widest = Math.max(widest, w.length);
      }
      maxCount = widest;
    }
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
    BlockAxis across;
    BlockAxis down;
    float[] plane; // the output's size, before the +128 level shift
  }

  /** A parse of one JPEG: its tables, then its scan, read once from start to end. */
  private static final class Parse {
    private final byte[] data;
    private final int outWidth;
    private final int outHeight;
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

    Parse(byte[] data, int outWidth, int outHeight) {
      this.data = data;
      this.outWidth = outWidth;
      this.outHeight = outHeight;
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
      if (outWidth > width || outHeight > height) {
        return null; // enlarging is the resampler's, after a whole decode
      }
      int widest = 1;
      for (Component c : components) {
        // A sample of a component at half resolution is two source pixels wide (or high).
        int strideX = maxH / c.h;
        int strideY = maxV / c.v;
        c.across =
            new BlockAxis(width, outWidth, (width + strideX - 1) / strideX, strideX, mcusX * c.h);
        c.down =
            new BlockAxis(
                height, outHeight, (height + strideY - 1) / strideY, strideY, mcusY * c.v);
        c.plane = new float[outWidth * outHeight];
        widest = Math.max(widest, c.across.maxCount);
      }
      unstuff(pos);
      float[] block = new float[64];
      float[] rowsOut = new float[8 * widest];
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
              average(c, block, extent, rowsOut, mx * c.h + bx, my * c.v + by);
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
        int look = lookahead();
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
     * Adds block ({@code bx}, {@code by})'s share to the output pixels it overlaps: across first,
     * on the rows of coefficients that can be non-zero, then down. Clears the block for the next.
     */
    private void average(Component c, float[] block, int extent, float[] rowsOut, int bx, int by) {
      int lastRow = extent >> 3;
      int lastCol = extent & 7;
      BlockAxis across = c.across;
      BlockAxis down = c.down;
      int nx = across.count[bx];
      int ny = down.count[by];
      if (nx > 0 && ny > 0) {
        float[][] wx = across.weights[bx];
        float[][] wy = down.weights[by];
        for (int v = 0; v <= lastRow; v++) {
          int base = v * 8;
          for (int j = 0; j < nx; j++) {
            float[] w = wx[j];
            float sum = 0;
            for (int u = 0; u <= lastCol; u++) {
              sum += w[u] * block[base + u];
            }
            rowsOut[v * nx + j] = sum;
          }
        }
        float[] plane = c.plane;
        int x0 = across.first[bx];
        int y0 = down.first[by];
        for (int i = 0; i < ny; i++) {
          float[] w = wy[i];
          int out = (y0 + i) * outWidth + x0;
          for (int j = 0; j < nx; j++) {
            float sum = 0;
            for (int v = 0; v <= lastRow; v++) {
              sum += w[v] * rowsOut[v * nx + j];
            }
            plane[out + j] += sum;
          }
        }
      }
      for (int v = 0; v <= lastRow; v++) {
        Arrays.fill(block, v * 8, v * 8 + lastCol + 1, 0f);
      }
    }

    private RgbImage toRgb() {
      byte[] rgb = new byte[outWidth * outHeight * 3];
      int n = outWidth * outHeight;
      if (components.length == 1) {
        float[] gray = components[0].plane;
        for (int i = 0, o = 0; i < n; i++, o += 3) {
          byte g = (byte) clamp(Math.round(gray[i] + 128));
          rgb[o] = g;
          rgb[o + 1] = g;
          rgb[o + 2] = g;
        }
      } else {
        // JFIF's YCbCr (ITU-R BT.601, full range); the planes hold Y − 128, Cb − 128, Cr − 128.
        float[] luma = components[0].plane;
        float[] cb = components[1].plane;
        float[] cr = components[2].plane;
        for (int i = 0, o = 0; i < n; i++, o += 3) {
          float y = luma[i] + 128;
          rgb[o] = (byte) clamp(Math.round(y + 1.402f * cr[i]));
          rgb[o + 1] = (byte) clamp(Math.round(y - 0.344136f * cb[i] - 0.714136f * cr[i]));
          rgb[o + 2] = (byte) clamp(Math.round(y + 1.772f * cb[i]));
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
      int entry = table.lookup[lookahead()];
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

    /** The next {@link Huffman#LOOKUP_BITS} bits, not consumed; the caller has filled. */
    private int lookahead() {
      return (int) (acc >>> (bits - Huffman.LOOKUP_BITS)) & Huffman.LOOKUP_MASK;
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
