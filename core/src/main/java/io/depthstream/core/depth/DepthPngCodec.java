package io.depthstream.core.depth;

import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageHeader;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The depth encoding that travels on Kafka and lies on disk: a 16-bit grayscale PNG whose value
 * times {@code scale} is metres, 0 meaning "no depth".
 *
 * <p>Encoding rounds to the nearest unit. A valid depth never becomes 0: depths below half a unit
 * are written as 1, and depths above {@code 65535 × scale} saturate at 65535 (65.535 m in
 * millimetres, 255.996 m at 1/256). Saturating keeps "far away" far rather than turning it into
 * "unknown"; pick a coarser scale if the range matters. Invalid depths (0, negative, NaN, ∞) are
 * written as 0.
 *
 * <p>Encoding is {@link DepthPngWriter}'s, decoding of the 16-bit grayscale non-interlaced PNGs it
 * and most tools write is {@link DepthPngReader}'s; both skip ImageIO, which spent about 30 ms of a
 * 46 ms encode in its writer alone. An interlaced depth PNG is still read by ImageIO, on in-memory
 * streams only: its default file cache would touch the disk per record.
 *
 * <p><b>Default: deflate level 1, every row filtered with Sub.</b> Measured by {@code
 * DepthPngCodecBench} (issue 12) on a 640×480 map predicted by densedepth-mini-synth, in
 * millimetres, CPU ms per call (median of 31, 2-core VM at load 4.4–5.4):
 *
 * <pre>
 *   encoder                          ms     bytes   decode ms
 *   ImageIO (before issue 12)      28.1   426,224   10.1 (ImageIO)
 *   level 1, Sub (default)         10.5   202,453    5.1
 *   level 3, Sub                   14.1   185,506
 *   level 6, Sub                   27.1   167,429
 *   level 6, min-SAD of N/S/U/P    37.2   191,603
 * </pre>
 *
 * Sub beat Up, Paeth and the PNG spec's per-row minimum-sum choice on predicted maps, in bytes and
 * time (the byte-wise filters see the carries of 16-bit ramps as noise, which the heuristic
 * misjudges). Level 1 halves what a map costs Kafka, where it is written three times per frame (3 ×
 * 426 KB before, 3 × 202 KB now), at a third of ImageIO's time; level 3 saves 8% more bytes for 35%
 * more time, and level 6 takes up to 70 ms on noisy maps, on the stream thread where the codecs
 * were most of a frame's cost in the pipeline benchmark.
 */
public final class DepthPngCodec {

  /** Millimetres: NYU Depth v2 and most RGB-D sensors; up to 65.535 m. */
  public static final double MILLIMETRES = 0.001;

  /** KITTI's depth benchmark convention, value/256 = metres; up to about 256 m. */
  public static final double KITTI = 1.0 / 256;

  /** The deflate level {@link #encode(DepthImage, double)} uses; see the class comment. */
  public static final int DEFAULT_LEVEL = 1;

  private static final int MAX_VALUE = 0xFFFF;

  private DepthPngCodec() {}

  /** Encodes metres as a 16-bit PNG in units of {@code scale} metres at {@link #DEFAULT_LEVEL}. */
  public static byte[] encode(DepthImage depth, double scale) {
    return encode(depth, scale, DEFAULT_LEVEL);
  }

  /**
   * Encodes metres as a 16-bit PNG in units of {@code scale} metres at deflate {@code level}: 0
   * (stored) to 9 (smallest). Each call sets up a fresh {@link DepthPngWriter}; that costs well
   * under a millisecond, so keeping one per thread is optional.
   */
  public static byte[] encode(DepthImage depth, double scale, int level) {
    checkScale(scale);
    try (DepthPngWriter writer = new DepthPngWriter(level)) {
      return writer.write(depth, scale);
    }
  }

  /** The 16-bit unit a depth in metres is stored as: 0 when invalid, else 1..65535. */
  public static int toUnits(float metres, double scale) {
    return DepthImage.isValid(metres) ? clampedUnits(metres / scale) : 0;
  }

  /** A valid depth's exact count of units, rounded half-even and kept within 1..65535. */
  private static int clampedUnits(double units) {
    return (int) Math.max(1, Math.min(MAX_VALUE, Math.rint(units)));
  }

  /**
   * Writes one row of {@code width} depths from {@code metres[from]} as PNG Sub-filtered 16-bit
   * samples into {@code out[1 .. 2·width]}, its filter type into {@code out[0]}: each sample {@link
   * #toUnits}, big-endian, minus the sample to its left byte by byte (0 left of the first), in one
   * pass and without the raw row. Where {@code scale} is a power of two (the service's 1/256 m)
   * {@code metres / scale} is the exact product {@code metres · (1 / scale)}, which this takes
   * instead of a division a pixel; other scales divide, as {@link #toUnits} does, so the samples
   * are {@link #toUnits}'s in every case.
   */
  static void subFilteredRow(float[] metres, int from, int width, double scale, byte[] out) {
    boolean exact = isPowerOfTwo(scale);
    double perUnit = 1.0 / scale;
    out[0] = (byte) PngRowFilter.SUB.ordinal();
    int leftHigh = 0;
    int leftLow = 0;
    for (int x = 0, i = 1; x < width; x++, i += 2) {
      float m = metres[from + x];
      int units = DepthImage.isValid(m) ? clampedUnits(exact ? m * perUnit : m / scale) : 0;
      int high = units >>> 8;
      int low = units & 0xFF;
      out[i] = (byte) (high - leftHigh);
      out[i + 1] = (byte) (low - leftLow);
      leftHigh = high;
      leftLow = low;
    }
  }

  /** Whether {@code scale} is a positive normal power of two, whose reciprocal is exact. */
  static boolean isPowerOfTwo(double scale) {
    return scale > 0
        && Double.isFinite(scale)
        && Math.getExponent(scale) >= Double.MIN_EXPONENT
        && Math.getExponent(scale) < Double.MAX_EXPONENT
        && (Double.doubleToRawLongBits(scale) & 0x000F_FFFF_FFFF_FFFFL) == 0;
  }

  /** The metres a stored unit reads back as: 0 (invalid) for unit 0, else {@code units × scale}. */
  public static float toMetres(int units, double scale) {
    return units == 0 ? 0f : (float) (units * scale);
  }

  /**
   * {@code depth} as it reads back after {@link #encode(DepthImage, double)} and {@link #decode}:
   * each value rounded to a unit of {@code scale} metres, without writing a PNG. For whoever must
   * work with exactly what was published but still holds the map in memory.
   */
  public static DepthImage quantised(DepthImage depth, double scale) {
    checkScale(scale);
    float[] in = depth.metres();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = toMetres(toUnits(in[i], scale), scale);
    }
    return new DepthImage(depth.width(), depth.height(), out);
  }

  /** Decodes a 16-bit grayscale PNG under the default {@link ImageLimits}. */
  public static DepthImage decode(byte[] png, double scale) {
    return decode(png, scale, ImageLimits.DEFAULTS);
  }

  /**
   * Decodes a 16-bit grayscale PNG into metres; unit 0 becomes 0 (invalid). The header is checked
   * against {@code limits} (axes, pixel budget, decoded size) before any pixel is decoded.
   *
   * @throws ImageRejectedException {@code unsupported} for anything but 16-bit grayscale, {@code
   *     oversized} past the limits, {@code corrupt} for bytes that do not decode
   */
  public static DepthImage decode(byte[] png, double scale, ImageLimits limits) {
    checkScale(scale);
    limits.checkBytes("depth PNG", png.length);
    ImageHeader header = ImageHeader.readPng(png);
    if (header.bitDepth() != 16 || !header.colour().equals("grayscale")) {
      throw new ImageRejectedException(
          ImageRejectedException.UNSUPPORTED,
          "depth PNG must be 16-bit grayscale (value x scale = metres), got "
              + header.bitDepth()
              + "-bit "
              + header.colour()
              + "; write it as uint16, e.g. DepthPngCodec.encode or"
              + " cv2.imwrite(path, depth_mm.astype(numpy.uint16))");
    }
    // Both before the reader runs: a 16-bit depth PNG of zeros compresses about a thousandfold.
    limits.checkDimensions("depth PNG", header.width(), header.height());
    limits.checkDecodedBytes("depth PNG", header.width(), header.height(), 1, 16);
    if (DepthPngReader.canRead(png)) {
      return DepthPngReader.read(png, header.width(), header.height(), scale);
    }
    Raster raster = readRaster(png);
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] units = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
    float[] metres = new float[w * h];
    for (int i = 0; i < units.length; i++) {
      metres[i] = toMetres(units[i], scale);
    }
    return new DepthImage(w, h, metres);
  }

  private static Raster readRaster(byte[] png) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
    ImageReader reader = readers.next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      reader.setInput(in, true, true);
      return reader.read(0).getRaster();
    } catch (IOException | RuntimeException e) {
      throw new ImageRejectedException(
          ImageRejectedException.CORRUPT,
          ImageFormat.PNG + " depth image does not decode: " + e.getMessage(),
          e);
    } finally {
      reader.dispose();
    }
  }

  private static void checkScale(double scale) {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "depth scale must be a positive number of metres per unit (0.001 for millimetres,"
              + " 1/256 for KITTI), got "
              + scale);
    }
  }
}
