package io.depthstream.core.image;

import java.util.Arrays;
import java.util.function.DoublePredicate;

/**
 * The one resize of the project. The trainer fits its samples with it, and the engine that {@code
 * evaluate}, {@code predict} and the service run resizes frames to the model's input and its output
 * back to the frame with it, so a model is served exactly the pixels it was trained on.
 *
 * <p>Each axis on its own: <b>shrinking</b> averages the source pixels an output pixel covers,
 * weighted by the fraction covered (area averaging, OpenCV's {@code INTER_AREA}); that is a box
 * filter, so it anti-aliases as DenseDepth's {@code skimage.transform.resize(anti_aliasing=True)}
 * does, where plain bilinear sampling of a 640×480 frame for a 128×96 model would read 4 of every
 * 25 pixels. <b>Enlarging</b> interpolates bilinearly with half-pixel centres (ONNX Resize {@code
 * half_pixel}, OpenCV {@code INTER_LINEAR}): output {@code x} samples the source at {@code (x +
 * 0.5) · from / to − 0.5}, clamped to the border. The same size is a copy. Both rules are symmetric
 * under mirroring, which the engine's flip test relies on.
 *
 * <p>The weights are computed once per call and axis; an RGB frame is resized rows first into one
 * float row, then across, so the cost is a few multiply-adds per source value. Shrinking an RGB
 * frame by whole factors (640×480 to 128×96) sums whole blocks in integers instead, which rounds
 * exactly and is the service's hot path.
 */
public final class Resampling {

  private Resampling() {}

  /**
   * The source pixels and weights of each output pixel along one axis: output {@code o} reads
   * {@code weight[offset[o] .. offset[o + 1])} from source pixels {@code first[o]}, {@code first[o]
   * + 1}, …; each output's weights sum to 1.
   */
  record Axis(int[] first, int[] offset, float[] weight) {

    static Axis of(int from, int to) {
      if (from <= 0 || to <= 0) {
        throw new IllegalArgumentException("sizes must be positive, got " + from + " → " + to);
      }
      int[] first = new int[to];
      int[] offset = new int[to + 1];
      // An area span of r = from/to pixels touches at most ceil(r) + 1 of them; bilinear reads 2.
      int maxTaps = to < from ? (int) Math.ceil((double) from / to) + 1 : 2;
      float[] weight = new float[to * maxTaps];
      double[] taps = new double[maxTaps];
      int n = 0;
      for (int o = 0; o < to; o++) {
        int start;
        int count;
        if (to < from) {
          // Area: output o covers source [o·r, (o+1)·r) with r = from/to.
          double a = (double) o * from / to;
          double b = Math.min(from, (double) (o + 1) * from / to);
          start = (int) Math.floor(a);
          int last = Math.min(from - 1, (int) Math.ceil(b) - 1);
          count = 0;
          for (int i = start; i <= last; i++) {
            taps[count++] = Math.min(b, i + 1) - Math.max(a, i);
          }
        } else {
          // Bilinear, half-pixel centres, clamped to the border.
          double s = Math.min(Math.max((o + 0.5) * from / to - 0.5, 0.0), from - 1);
          start = (int) Math.floor(s);
          double f = s - start;
          taps[0] = 1 - f;
          taps[1] = f;
          count = start + 1 < from ? 2 : 1;
        }
        // Rounding can leave a sliver of a tap at an exact boundary; drop it, then normalise.
        while (count > 1 && taps[count - 1] < 1e-9) {
          count--;
        }
        int skip = 0;
        while (skip < count - 1 && taps[skip] < 1e-9) {
          skip++;
        }
        double total = 0;
        for (int k = skip; k < count; k++) {
          total += taps[k];
        }
        first[o] = start + skip;
        offset[o] = n;
        for (int k = skip; k < count; k++) {
          weight[n++] = (float) (taps[k] / total);
        }
      }
      offset[to] = n;
      return new Axis(first, offset, Arrays.copyOf(weight, n));
    }
  }

  /** {@code image} at {@code width × height}, each channel rounded to the nearest 0..255 value. */
  public static RgbImage rgb(RgbImage image, int width, int height) {
    checkSize(width, height);
    if (image.width() == width && image.height() == height) {
      return image;
    }
    if (image.width() % width == 0 && image.height() % height == 0) {
      return boxes(image, image.width() / width, image.height() / height);
    }
    Axis xs = Axis.of(image.width(), width);
    Axis ys = Axis.of(image.height(), height);
    byte[] in = image.rgb();
    int stride = image.width() * 3;
    float[] row = new float[stride];
    byte[] out = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      // Down the column first: the weighted sum of this output row's source rows.
      Arrays.fill(row, 0f);
      for (int k = ys.offset[y], line = ys.first[y]; k < ys.offset[y + 1]; k++, line++) {
        float w = ys.weight[k];
        int base = line * stride;
        for (int i = 0; i < stride; i++) {
          row[i] += w * (in[base + i] & 0xFF);
        }
      }
      // Then across that row.
      int q = y * width * 3;
      for (int x = 0; x < width; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = xs.offset[x], p = xs.first[x] * 3; k < xs.offset[x + 1]; k++, p += 3) {
          float w = xs.weight[k];
          r += w * row[p];
          g += w * row[p + 1];
          b += w * row[p + 2];
        }
        out[q++] = toByte(r);
        out[q++] = toByte(g);
        out[q++] = toByte(b);
      }
    }
    return new RgbImage(width, height, out);
  }

  /**
   * Area averaging by whole factors ({@code kx × ky} source pixels per output pixel, e.g. 640×480
   * to 128×96): the same result as the weighted path, summed in integers and rounded exactly
   * (halves up). The service's common case, and its hot path, so it skips the float weights.
   */
  private static RgbImage boxes(RgbImage image, int kx, int ky) {
    byte[] out = boxSums(image.rgb(), image.width(), image.height(), kx, ky, false);
    return new RgbImage(image.width() / kx, image.height() / ky, out);
  }

  /**
   * Whether {@link #rgbFromBgr} takes a {@code width × height} picture to {@code toWidth ×
   * toHeight}: a shrink by whole factors along both axes (at least one of them above 1).
   */
  public static boolean shrinksByWholeFactors(int width, int height, int toWidth, int toHeight) {
    return toWidth > 0
        && toHeight > 0
        && width % toWidth == 0
        && height % toHeight == 0
        && (width > toWidth || height > toHeight);
  }

  /**
   * A picture in the blue-green-red byte order ImageIO's JPEG reader decodes to, shrunk by whole
   * factors to {@code toWidth × toHeight} RGB: value for value {@code rgb(the picture as RGB,
   * toWidth, toHeight)}, without making that full-size RGB copy first (per channel the sums are the
   * same; only where each lands differs). The result stands for the whole {@code width × height}
   * frame ({@link RgbImage#frameWidth()}).
   *
   * @throws IllegalArgumentException unless {@link #shrinksByWholeFactors}
   */
  public static RgbImage rgbFromBgr(byte[] bgr, int width, int height, int toWidth, int toHeight) {
    if (!shrinksByWholeFactors(width, height, toWidth, toHeight)) {
      throw new IllegalArgumentException(
          width
              + "x"
              + height
              + " does not shrink to "
              + toWidth
              + "x"
              + toHeight
              + " by whole factors");
    }
    if (bgr.length != width * height * 3) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " BGR picture has "
              + width * height * 3
              + " bytes, got "
              + bgr.length);
    }
    byte[] out = boxSums(bgr, width, height, width / toWidth, height / toHeight, true);
    return new RgbImage(toWidth, toHeight, out, width, height);
  }

  /**
   * The rounded mean of each {@code kx × ky} block of a 3-byte-per-pixel picture, in RGB order;
   * {@code bgr} says the source is in BGR order (its first and third bytes swap places).
   */
  private static byte[] boxSums(
      byte[] in, int srcWidth, int srcHeight, int kx, int ky, boolean bgr) {
    int width = srcWidth / kx;
    int height = srcHeight / ky;
    int stride = srcWidth * 3;
    int area = kx * ky;
    int half = area / 2;
    int first = bgr ? 2 : 0;
    int third = bgr ? 0 : 2;
    int[] row = new int[stride];
    byte[] out = new byte[width * height * 3];
    int q = 0;
    for (int y = 0; y < height; y++) {
      int base = y * ky * stride;
      for (int i = 0; i < stride; i++) {
        row[i] = in[base + i] & 0xFF;
      }
      for (int j = 1; j < ky; j++) {
        base += stride;
        for (int i = 0; i < stride; i++) {
          row[i] += in[base + i] & 0xFF;
        }
      }
      for (int x = 0, p = 0; x < width; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int k = 0; k < kx; k++, p += 3) {
          r += row[p + first];
          g += row[p + 1];
          b += row[p + third];
        }
        out[q++] = (byte) ((r + half) / area);
        out[q++] = (byte) ((g + half) / area);
        out[q++] = (byte) ((b + half) / area);
      }
    }
    return out;
  }

  /**
   * A row-major single-channel plane at {@code width × height}, always a new array. Every value
   * counts, so a NaN spreads to the output pixels that read it (the engine's decoded output keeps
   * "no depth" that way).
   */
  public static float[] plane(
      float[] source, int sourceWidth, int sourceHeight, int width, int height) {
    checkSize(width, height);
    checkPlane(source, sourceWidth, sourceHeight);
    if (sourceWidth == width && sourceHeight == height) {
      return source.clone();
    }
    Axis xs = Axis.of(sourceWidth, width);
    Axis ys = Axis.of(sourceHeight, height);
    if (acrossFirst(sourceWidth, sourceHeight, width, height)) {
      return enlarged(source, sourceWidth, sourceHeight, xs, ys, width, height);
    }
    boolean enlarging = width >= sourceWidth;
    int[] xFirst = xs.first();
    int[] xOffset = xs.offset();
    float[] xWeight = xs.weight();
    float[] row = new float[sourceWidth];
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      Arrays.fill(row, 0f);
      for (int k = ys.offset[y], line = ys.first[y]; k < ys.offset[y + 1]; k++, line++) {
        float w = ys.weight[k];
        int base = line * sourceWidth;
        for (int i = 0; i < sourceWidth; i++) {
          row[i] += w * source[base + i];
        }
      }
      int q = y * width;
      if (enlarging) {
        widen(row, 0, xs, out, q, width);
        continue;
      }
      for (int x = 0; x < width; x++) {
        float v = 0;
        for (int k = xOffset[x], p = xFirst[x]; k < xOffset[x + 1]; k++, p++) {
          v += xWeight[k] * row[p];
        }
        out[q + x] = v;
      }
    }
    return out;
  }

  /**
   * Whether {@link #plane} resizes across each source row first: when it enlarges both ways (a
   * model's output to its frame, the engine's hot path). Every source row is then widened once, and
   * each output row blends two widened rows with one weight each, a loop the JIT vectorises; rows
   * first would blend the same two source rows again for every output row and then gather across.
   */
  private static boolean acrossFirst(int sourceWidth, int sourceHeight, int width, int height) {
    return width >= sourceWidth && height >= sourceHeight;
  }

  /**
   * One row enlarged across: {@code out[q .. q + width)} from the row starting at {@code in[base]}.
   * Every output reads one or two neighbouring pixels, summed in the order of the general loop in
   * {@link #plane} without its inner loop (this pass is most of an upsample's time).
   */
  private static void widen(float[] in, int base, Axis xs, float[] out, int q, int width) {
    for (int x = 0; x < width; x++) {
      int k = xs.offset[x];
      int p = base + xs.first[x];
      float v = 0f + xs.weight[k] * in[p];
      if (xs.offset[x + 1] - k == 2) {
        v += xs.weight[k + 1] * in[p + 1];
      }
      out[q + x] = v;
    }
  }

  /** {@link #plane} when {@link #acrossFirst}: each source row widened, then rows blended. */
  private static float[] enlarged(
      float[] source, int sourceWidth, int sourceHeight, Axis xs, Axis ys, int width, int height) {
    float[] wide = new float[sourceHeight * width];
    for (int line = 0; line < sourceHeight; line++) {
      widen(source, line * sourceWidth, xs, wide, line * width, width);
    }
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      int k = ys.offset[y];
      int a = ys.first[y] * width;
      float wa = ys.weight[k];
      int q = y * width;
      if (ys.offset[y + 1] - k == 1) {
        for (int x = 0; x < width; x++) {
          out[q + x] = 0f + wa * wide[a + x];
        }
      } else {
        int b = a + width;
        float wb = ys.weight[k + 1];
        for (int x = 0; x < width; x++) {
          out[q + x] = (0f + wa * wide[a + x]) + wb * wide[b + x];
        }
      }
    }
    return out;
  }

  /**
   * Reads single pixels of {@link #plane}'s output without building it: {@code at(x, y)} is, bit
   * for bit, {@code plane(source, sourceWidth, sourceHeight, width, height)[y * width + x]}, since
   * it sums the same weights in the same order in float. For whoever needs a resized plane at a few
   * thousand pixels (projected LiDAR) rather than all of them.
   */
  public static PlaneSampler sampler(
      float[] source, int sourceWidth, int sourceHeight, int width, int height) {
    checkSize(width, height);
    checkPlane(source, sourceWidth, sourceHeight);
    if (sourceWidth == width && sourceHeight == height) {
      return new PlaneSampler(source, sourceWidth, null, null, false);
    }
    return new PlaneSampler(
        source,
        sourceWidth,
        Axis.of(sourceWidth, width),
        Axis.of(sourceHeight, height),
        acrossFirst(sourceWidth, sourceHeight, width, height));
  }

  /** Receives one source pixel a resized pixel reads, and its weight. */
  @FunctionalInterface
  public interface TapConsumer {
    void accept(int sourceIndex, float weight);
  }

  /** Pixels of a resized plane, one at a time; see {@link #sampler}. */
  public static final class PlaneSampler {
    private final float[] source;
    private final int sourceWidth;
    private final Axis xs;
    private final Axis ys;
    private final boolean acrossFirst;

    private PlaneSampler(float[] source, int sourceWidth, Axis xs, Axis ys, boolean acrossFirst) {
      this.source = source;
      this.sourceWidth = sourceWidth;
      this.xs = xs;
      this.ys = ys;
      this.acrossFirst = acrossFirst;
    }

    /**
     * The source pixels the resized pixel {@code (x, y)} is made of and their weights (summing to
     * 1): {@link #at} is their weighted sum. For fitting something that is applied before resizing
     * to what is measured after it.
     */
    public void taps(int x, int y, TapConsumer consumer) {
      if (xs == null) {
        consumer.accept(y * sourceWidth + x, 1f);
        return;
      }
      for (int j = ys.offset[y], line = ys.first[y]; j < ys.offset[y + 1]; j++, line++) {
        for (int k = xs.offset[x], p = xs.first[x]; k < xs.offset[x + 1]; k++, p++) {
          consumer.accept(line * sourceWidth + p, ys.weight[j] * xs.weight[k]);
        }
      }
    }

    /** The resized plane's value at {@code (x, y)}. */
    public float at(int x, int y) {
      if (xs == null) {
        return source[y * sourceWidth + x];
      }
      if (acrossFirst) {
        // plane() widens each source row, then blends the rows; the same here for the one or two
        // rows this pixel reads, so the float rounding is identical.
        float v = 0;
        for (int j = ys.offset[y], line = ys.first[y]; j < ys.offset[y + 1]; j++, line++) {
          float across = 0;
          for (int k = xs.offset[x], p = xs.first[x]; k < xs.offset[x + 1]; k++, p++) {
            across += xs.weight[k] * source[line * sourceWidth + p];
          }
          v += ys.weight[j] * across;
        }
        return v;
      }
      // Otherwise plane() sums each column down the rows into row[], then across; the same here
      // for the few columns this pixel reads, so the float rounding is identical.
      float v = 0;
      for (int k = xs.offset[x], p = xs.first[x]; k < xs.offset[x + 1]; k++, p++) {
        float column = 0;
        for (int j = ys.offset[y], line = ys.first[y]; j < ys.offset[y + 1]; j++, line++) {
          column += ys.weight[j] * source[line * sourceWidth + p];
        }
        v += xs.weight[k] * column;
      }
      return v;
    }
  }

  /**
   * The source index nearest-neighbour resampling reads for output index {@code o} along an axis of
   * {@code from → to} pixels: the source pixel under the output pixel's centre.
   */
  public static int nearest(int o, int from, int to) {
    return Math.min(from - 1, (int) ((o + 0.5) * from / to));
  }

  /**
   * {@code source} ({@code sourceWidth × sourceHeight}, row-major) at {@code width × height},
   * averaging only the values {@code valid} accepts with the same weights, renormalised: sparse
   * LiDAR stays sparse instead of being pulled toward 0 by the pixels without a return, and an
   * output pixel none of whose sources is valid is 0. Depth maps call it through {@code
   * DepthImage.resized}, which supplies the one validity test, so this package needs nothing of
   * theirs.
   */
  public static float[] validOnly(
      float[] source,
      int sourceWidth,
      int sourceHeight,
      int width,
      int height,
      DoublePredicate valid) {
    checkSize(width, height);
    Axis xs = Axis.of(sourceWidth, width);
    Axis ys = Axis.of(sourceHeight, height);
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        double total = 0;
        for (int j = ys.offset[y], line = ys.first[y]; j < ys.offset[y + 1]; j++, line++) {
          int base = line * sourceWidth + xs.first[x];
          for (int i = xs.offset[x], p = base; i < xs.offset[x + 1]; i++, p++) {
            float v = source[p];
            if (valid.test(v)) {
              double w = (double) ys.weight[j] * xs.weight[i];
              sum += w * v;
              total += w;
            }
          }
        }
        out[y * width + x] = total > 0 ? (float) (sum / total) : 0f;
      }
    }
    return out;
  }

  private static byte toByte(float v) {
    // v is a convex mix of 0..255 values, so only rounding can push it past 255.
    return (byte) Math.min(255, (int) (v + 0.5f));
  }

  private static void checkSize(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target size must be positive, got " + width + "x" + height);
    }
  }

  private static void checkPlane(float[] source, int sourceWidth, int sourceHeight) {
    if (source.length != sourceWidth * sourceHeight) {
      throw new IllegalArgumentException(
          "plane holds "
              + source.length
              + " values, a "
              + sourceWidth
              + "x"
              + sourceHeight
              + " plane needs "
              + sourceWidth * sourceHeight);
    }
  }
}
