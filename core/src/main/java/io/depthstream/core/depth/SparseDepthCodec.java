package io.depthstream.core.depth;

import io.depthstream.core.image.ImageLimits;
import java.util.Arrays;

/**
 * A compact binary form of {@link SparseDepth}, with depths rounded to units of a stated scale
 * exactly as {@link DepthPngCodec} rounds them (so a sparse map reads back with the values a 16-bit
 * PNG at that scale would give, and scores the same):
 *
 * <pre>
 * byte    format (1)
 * varint  width, height
 * double  scale, metres per unit (8 bytes, big-endian)
 * varint  count of pixels with depth
 * varint  × count: each pixel index minus the previous one (the first minus −1), so ≥ 1
 * varint  × count: each depth in units (1..65535) minus the previous one (the first minus 0),
 *         zigzag-coded
 * </pre>
 *
 * Varints are unsigned LEB128. Along a LiDAR scan line neighbouring points are a few pixels apart
 * and at nearly the same depth, so most points take one byte of index and one or two of depth: the
 * pipeline benchmark's 64-beam street sweep (about 24,700 pixels of a 640×480 frame at 1/256 m)
 * takes about 51.8 KB, as much as the 16-bit PNG of the same pixels (52–55 KB), but is written and
 * read without a PNG encoder, decoder or a frame-sized buffer. It is not deflated: deflate level 1
 * brought it to about 20 KB but cost about 1.0–1.4 ms to write and 0.4–0.5 ms to read back, per
 * scan and on the stream thread, measured on a shared 2-core VM, where the whole sparse path
 * (projection, store round trip, scoring) took 8–9 ms; the changelog bytes it would save are small
 * beside the 1.8 MB sweep each scan already is on {@code lidar.scans}.
 */
public final class SparseDepthCodec {

  /** The first byte of every encoding; a later layout gets another. */
  public static final byte FORMAT = 1;

  private SparseDepthCodec() {}

  /** {@code depth} with each depth rounded to a unit of {@code scale} metres. */
  public static byte[] encode(SparseDepth depth, double scale) {
    checkScale(scale);
    int n = depth.count();
    Out out = new Out(24 + 3 * n);
    out.put(FORMAT);
    out.varint(depth.width());
    out.varint(depth.height());
    out.putDouble(scale);
    out.varint(n);
    int[] pixels = depth.pixels();
    int previous = -1;
    for (int pixel : pixels) {
      out.varint(pixel - previous);
      previous = pixel;
    }
    float[] metres = depth.metres();
    int previousUnits = 0;
    for (float m : metres) {
      int units = DepthPngCodec.toUnits(m, scale);
      int delta = units - previousUnits;
      out.varint((delta << 1) ^ (delta >> 31));
      previousUnits = units;
    }
    return out.bytes();
  }

  /** The scale an encoding states, metres per unit. */
  public static double scaleOf(byte[] encoded) {
    In in = new In(encoded);
    in.format();
    in.varint("width");
    in.varint("height");
    return in.scale();
  }

  /**
   * Reads an encoding back.
   *
   * @throws IllegalArgumentException for another format, a truncated or inconsistent encoding, or a
   *     size past {@code limits}
   */
  public static SparseDepth decode(byte[] encoded, ImageLimits limits) {
    In in = new In(encoded);
    in.format();
    int width = in.varint("width");
    int height = in.varint("height");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("sparse depth of " + width + "x" + height);
    }
    limits.checkDimensions("sparse depth", width, height);
    double scale = in.scale();
    int n = in.varint("count");
    // Each pixel takes at least two bytes (index and depth), which bounds n before allocating.
    if ((long) n > (long) width * height || 2L * n > in.remaining()) {
      throw new IllegalArgumentException(
          "sparse depth claims "
              + n
              + " pixels of a "
              + width
              + "x"
              + height
              + " image in "
              + in.remaining()
              + " bytes");
    }
    int[] pixels = new int[n];
    long pixel = -1;
    for (int i = 0; i < n; i++) {
      pixel += in.varint("pixel");
      if (pixel >= (long) width * height) {
        throw new IllegalArgumentException("sparse depth pixel " + pixel + " is off the image");
      }
      pixels[i] = (int) pixel;
    }
    float[] metres = new float[n];
    int units = 0;
    for (int i = 0; i < n; i++) {
      int zigzag = in.varint("depth");
      units += (zigzag >>> 1) ^ -(zigzag & 1);
      if (units < 1 || units > 0xFFFF) {
        throw new IllegalArgumentException("sparse depth unit " + units + " is out of 1..65535");
      }
      metres[i] = DepthPngCodec.toMetres(units, scale);
    }
    if (in.remaining() != 0) {
      throw new IllegalArgumentException(
          "sparse depth has " + in.remaining() + " bytes after its last pixel");
    }
    // The constructor checks the order (a zero delta would repeat a pixel).
    return new SparseDepth(width, height, pixels, metres);
  }

  private static void checkScale(double scale) {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "depth scale must be a positive number of metres per unit, got " + scale);
    }
  }

  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    void put(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = (byte) b;
    }

    void varint(int value) {
      while ((value & ~0x7F) != 0) {
        put((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      put(value);
    }

    void putDouble(double value) {
      long bits = Double.doubleToLongBits(value);
      for (int shift = 56; shift >= 0; shift -= 8) {
        put((int) (bits >>> shift));
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, size);
    }
  }

  private static final class In {
    private final byte[] buf;
    private int at;

    In(byte[] buf) {
      this.buf = buf;
    }

    int remaining() {
      return buf.length - at;
    }

    void format() {
      if (buf.length == 0 || buf[0] != FORMAT) {
        throw new IllegalArgumentException(
            "sparse depth in format "
                + (buf.length == 0 ? "(empty)" : buf[0])
                + ", this version reads "
                + FORMAT);
      }
      at = 1;
    }

    double scale() {
      if (remaining() < 8) {
        throw new IllegalArgumentException("sparse depth ends inside its scale");
      }
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = (bits << 8) | (buf[at++] & 0xFF);
      }
      double scale = Double.longBitsToDouble(bits);
      checkScale(scale);
      return scale;
    }

    int varint(String what) {
      int value = 0;
      for (int shift = 0; shift < 32; shift += 7) {
        if (at == buf.length) {
          throw new IllegalArgumentException("sparse depth ends inside a " + what);
        }
        int b = buf[at++];
        value |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          if (value < 0 && !what.equals("depth")) {
            throw new IllegalArgumentException("sparse depth " + what + " is negative");
          }
          return value;
        }
      }
      throw new IllegalArgumentException("sparse depth " + what + " runs past 5 bytes");
    }
  }
}
