package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.Resampling;
import io.depthstream.core.image.RgbImage;

/**
 * Fills the holes of sparse depth guided by the colour image, as DenseDepth did before training on
 * KITTI: the colorization method of Levin, Lischinski and Weiss ("Colorization using Optimization",
 * SIGGRAPH 2004), which the NYU Depth v2 toolbox applies to depth. Every missing depth becomes a
 * weighted mean of its eight neighbours, each weighted by how alike the two pixels' intensities
 * are, so depth spreads along a surface and stops at an intensity edge.
 *
 * <p>The weights follow the toolbox: for pixel r and neighbour s, {@code exp(-(I_s - I_r)² / σ²)}
 * with σ² = 0.6 × the intensity variance of r's 3×3 window, raised so that r's most alike neighbour
 * keeps at least weight 0.01 before normalising, and never below 2·10⁻⁶; the weights of r sum to 1.
 *
 * <p>Where this departs from the toolbox, and why: measured depth is a hard constraint (kept as it
 * was measured) instead of a soft one with weight 1, so a training target never moves a LiDAR
 * return, and by the maximum principle every filled depth lies between the nearest measured ones.
 * The system (one equation per missing pixel) is solved by Gauss-Seidel sweeps started from the
 * nearest measured depth, instead of a sparse direct solve: it needs no linear-algebra library and
 * each sweep is linear in the pixels, at the model's output resolution where training uses it.
 */
public final class DepthColorization {

  /** Sweeps after which the fill stops even if it has not settled. */
  public static final int MAX_SWEEPS = 2000;

  /** Settled when no depth moved more than this share of the largest measured depth in a sweep. */
  public static final double TOLERANCE = 1e-5;

  private static final int[] DX = {-1, 0, 1, -1, 1, -1, 0, 1};
  private static final int[] DY = {-1, -1, -1, 0, 0, 1, 1, 1};

  private DepthColorization() {}

  /**
   * {@code sparse} with every missing pixel filled, guided by {@code guide} (resized to the depth's
   * size first when they differ, with the resize the samples are fitted with). Depth with no
   * measured pixel, or with no missing one, comes back unchanged.
   */
  public static DepthImage fill(DepthImage sparse, RgbImage guide) {
    RgbImage atDepthSize =
        guide.width() == sparse.width() && guide.height() == sparse.height()
            ? guide
            : Resampling.rgb(guide, sparse.width(), sparse.height());
    return fill(sparse, intensity(atDepthSize), MAX_SWEEPS, TOLERANCE);
  }

  /**
   * As {@link #fill(DepthImage, RgbImage)} with the guide's intensities in [0, 1] given directly,
   * row-major at the depth's size.
   */
  static DepthImage fill(DepthImage sparse, float[] intensity, int maxSweeps, double tolerance) {
    int w = sparse.width();
    int h = sparse.height();
    if (intensity.length != w * h) {
      throw new IllegalArgumentException(
          "the guide has " + intensity.length + " pixels, the depth " + w * h);
    }
    float[] measured = sparse.metres();
    int known = 0;
    float largest = 0;
    for (float d : measured) {
      if (DepthImage.isValid(d)) {
        known++;
        largest = Math.max(largest, d);
      }
    }
    if (known == 0 || known == measured.length) {
      return sparse;
    }
    float[] depth = nearestMeasured(measured, w, h);
    float[] weights = new float[8 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!DepthImage.isValid(measured[y * w + x])) {
          neighbourWeights(intensity, w, h, x, y, weights, (y * w + x) * 8);
        }
      }
    }
    double settled = tolerance * largest;
    for (int sweep = 0; sweep < maxSweeps; sweep++) {
      double moved = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int r = y * w + x;
          if (DepthImage.isValid(measured[r])) {
            continue;
          }
          double mean = 0;
          for (int k = 0; k < 8; k++) {
            float weight = weights[r * 8 + k];
            if (weight != 0) {
              mean += weight * depth[(y + DY[k]) * w + x + DX[k]];
            }
          }
          moved = Math.max(moved, Math.abs(mean - depth[r]));
          depth[r] = (float) mean;
        }
      }
      if (moved <= settled) {
        break;
      }
    }
    return new DepthImage(w, h, depth);
  }

  /**
   * The weights of pixel (x, y)'s eight neighbours, in the order of {@link #DX}/{@link #DY}, into
   * {@code out[at .. at+8)}; neighbours outside the image get 0. They sum to 1.
   */
  static void neighbourWeights(float[] intensity, int w, int h, int x, int y, float[] out, int at) {
    float centre = intensity[y * w + x];
    // The window's variance includes the centre, as the toolbox computes it.
    double sum = centre;
    double sumSq = (double) centre * centre;
    int n = 1;
    double closest = Double.POSITIVE_INFINITY;
    for (int k = 0; k < 8; k++) {
      int nx = x + DX[k];
      int ny = y + DY[k];
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
        continue;
      }
      float v = intensity[ny * w + nx];
      sum += v;
      sumSq += (double) v * v;
      n++;
      double diff = v - centre;
      closest = Math.min(closest, diff * diff);
    }
    double mean = sum / n;
    double variance = Math.max(0, sumSq / n - mean * mean);
    double sigma = 0.6 * variance;
    // Otherwise a pixel unlike all its neighbours would give them all weight ~0: the most alike
    // keeps exp(-closest/sigma) >= 0.01.
    sigma = Math.max(sigma, closest / Math.log(100));
    sigma = Math.max(sigma, 2e-6);
    double total = 0;
    for (int k = 0; k < 8; k++) {
      int nx = x + DX[k];
      int ny = y + DY[k];
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
        out[at + k] = 0;
        continue;
      }
      double diff = intensity[ny * w + nx] - centre;
      double weight = Math.exp(-diff * diff / sigma);
      out[at + k] = (float) weight;
      total += weight;
    }
    for (int k = 0; k < 8; k++) {
      out[at + k] = (float) (out[at + k] / total);
    }
  }

  /**
   * Every pixel given the depth of its nearest measured pixel (4-connected steps, ties to the one
   * found first): the starting point of the sweeps, already close where returns are dense.
   */
  static float[] nearestMeasured(float[] measured, int w, int h) {
    float[] out = measured.clone();
    int[] queue = new int[w * h];
    boolean[] reached = new boolean[w * h];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < measured.length; i++) {
      if (DepthImage.isValid(measured[i])) {
        reached[i] = true;
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int p = queue[head++];
      int x = p % w;
      int y = p / w;
      int[] next = {
        x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1
      };
      for (int q : next) {
        if (q >= 0 && !reached[q]) {
          reached[q] = true;
          out[q] = out[p];
          queue[tail++] = q;
        }
      }
    }
    return out;
  }

  /** Luma of each pixel in [0, 1] (ITU-R BT.601, as MATLAB's rgb2gray the toolbox uses). */
  static float[] intensity(RgbImage rgb) {
    byte[] in = rgb.rgb();
    float[] out = new float[rgb.width() * rgb.height()];
    for (int p = 0; p < out.length; p++) {
      out[p] =
          (0.299f * (in[p * 3] & 0xFF)
                  + 0.587f * (in[p * 3 + 1] & 0xFF)
                  + 0.114f * (in[p * 3 + 2] & 0xFF))
              / 255f;
    }
    return out;
  }
}
