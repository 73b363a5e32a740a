package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;

/**
 * Resizes images by area averaging: each output pixel is the mean of the source pixels it covers,
 * weighted by the fraction covered. Shrinking this way anti-aliases (as DenseDepth's {@code
 * skimage.transform.resize(anti_aliasing=True)} does); enlarging degrades to nearest-neighbour with
 * blended seams. Depth averages only valid pixels, so sparse LiDAR maps stay sparse instead of
 * being diluted by zeros; an output pixel with no valid source stays invalid. Aspect ratio is not
 * kept: the caller picks the target size.
 */
public final class AreaResampling {

  private AreaResampling() {}

  /** Source span of each output pixel along one axis: first index, and per-index weights. */
  private record Spans(int[] start, float[][] weights) {

    static Spans of(int from, int to) {
      double scale = (double) from / to;
      int[] start = new int[to];
      float[][] weights = new float[to][];
      for (int o = 0; o < to; o++) {
        double a = o * scale;
        double b = Math.min(from, (o + 1) * scale);
        int first = (int) Math.floor(a);
        int last = Math.min(from - 1, (int) Math.ceil(b) - 1);
        start[o] = first;
        weights[o] = new float[last - first + 1];
        for (int i = first; i <= last; i++) {
          weights[o][i - first] = (float) (Math.min(b, i + 1) - Math.max(a, i));
        }
      }
      return new Spans(start, weights);
    }
  }

  public static RgbImage rgb(RgbImage src, int width, int height) {
    checkSize(width, height);
    if (src.width() == width && src.height() == height) {
      return src;
    }
    Spans xs = Spans.of(src.width(), width);
    Spans ys = Spans.of(src.height(), height);
    byte[] in = src.rgb();
    byte[] out = new byte[width * height * 3];
    double[] acc = new double[3];
    for (int oy = 0; oy < height; oy++) {
      for (int ox = 0; ox < width; ox++) {
        acc[0] = acc[1] = acc[2] = 0;
        double total = 0;
        for (int j = 0; j < ys.weights[oy].length; j++) {
          int row = (ys.start[oy] + j) * src.width();
          for (int i = 0; i < xs.weights[ox].length; i++) {
            double w = (double) ys.weights[oy][j] * xs.weights[ox][i];
            int p = (row + xs.start[ox] + i) * 3;
            acc[0] += w * (in[p] & 0xFF);
            acc[1] += w * (in[p + 1] & 0xFF);
            acc[2] += w * (in[p + 2] & 0xFF);
            total += w;
          }
        }
        int q = (oy * width + ox) * 3;
        for (int c = 0; c < 3; c++) {
          out[q + c] = (byte) Math.min(255, Math.round(acc[c] / total));
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  public static DepthImage depth(DepthImage src, int width, int height) {
    checkSize(width, height);
    if (src.width() == width && src.height() == height) {
      return src;
    }
    Spans xs = Spans.of(src.width(), width);
    Spans ys = Spans.of(src.height(), height);
    float[] in = src.metres();
    float[] out = new float[width * height];
    for (int oy = 0; oy < height; oy++) {
      for (int ox = 0; ox < width; ox++) {
        double sum = 0;
        double total = 0;
        for (int j = 0; j < ys.weights[oy].length; j++) {
          int row = (ys.start[oy] + j) * src.width();
          for (int i = 0; i < xs.weights[ox].length; i++) {
            float v = in[row + xs.start[ox] + i];
            if (DepthImage.isValid(v)) {
              double w = (double) ys.weights[oy][j] * xs.weights[ox][i];
              sum += w * v;
              total += w;
            }
          }
        }
        out[oy * width + ox] = total > 0 ? (float) (sum / total) : 0f;
      }
    }
    return new DepthImage(width, height, out);
  }

  private static void checkSize(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target size must be positive, got " + width + "x" + height);
    }
  }
}
