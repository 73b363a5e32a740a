package io.depthstream.core.metrics;

/**
 * Exact Euclidean distance transform of a binary image: for every pixel, the distance in pixels to
 * the nearest "on" pixel. Two passes of the lower envelope of parabolas (Felzenszwalb and
 * Huttenlocher, "Distance Transforms of Sampled Functions", 2012): a scan along each row, then the
 * lower envelope of parabolas along each column, so the cost is linear in the number of pixels
 * whatever the image holds — it runs per frame inside the depth boundary error.
 */
public final class DistanceTransform {

  private DistanceTransform() {}

  /**
   * Distances from each pixel to the nearest pixel where {@code on} is true, row-major like {@code
   * on}. An image with no "on" pixel gives {@link Float#POSITIVE_INFINITY} everywhere.
   */
  public static float[] euclidean(boolean[] on, int width, int height) {
    if (width <= 0 || height <= 0 || on.length != width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " image needs "
              + width * height
              + " pixels, got "
              + on.length);
    }
    // Squared distances; "infinite" is a finite stand-in far beyond any real squared distance so
    // the parabola intersections below stay finite.
    double far = 2.0 * ((double) width * width + (double) height * height) + 1;
    // Along rows first: for a binary image the 1-D transform is two scans, the distance to the
    // nearest "on" pixel to the left and to the right.
    double[] sq = new double[width * height];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      int last = -1;
      for (int x = 0; x < width; x++) {
        if (on[row + x]) {
          last = x;
        }
        sq[row + x] = last < 0 ? far : (double) (x - last) * (x - last);
      }
      last = -1;
      for (int x = width - 1; x >= 0; x--) {
        if (on[row + x]) {
          last = x;
        }
        if (last >= 0) {
          sq[row + x] = Math.min(sq[row + x], (double) (last - x) * (last - x));
        }
      }
    }
    // Then along columns, the lower envelope of the parabolas rooted at each row's distances.
    double[] line = new double[height];
    double[] out = new double[height];
    int[] vertex = new int[height];
    double[] bound = new double[height + 1];
    float[] distances = new float[width * height];
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        line[y] = sq[y * width + x];
      }
      lowerEnvelope(line, height, out, vertex, bound);
      for (int y = 0; y < height; y++) {
        distances[y * width + x] =
            out[y] >= far ? Float.POSITIVE_INFINITY : (float) Math.sqrt(out[y]);
      }
    }
    return distances;
  }

  /** One-dimensional pass: {@code out[q] = min over p of (q − p)² + f[p]}. */
  private static void lowerEnvelope(double[] f, int n, double[] out, int[] v, double[] z) {
    int k = 0;
    v[0] = 0;
    z[0] = Double.NEGATIVE_INFINITY;
    z[1] = Double.POSITIVE_INFINITY;
    for (int q = 1; q < n; q++) {
      double s = intersection(f, q, v[k]);
      while (s <= z[k]) {
        k--;
        s = intersection(f, q, v[k]);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Double.POSITIVE_INFINITY;
    }
    k = 0;
    for (int q = 0; q < n; q++) {
      while (z[k + 1] < q) {
        k++;
      }
      double d = q - v[k];
      out[q] = d * d + f[v[k]];
    }
  }

  /** Where the parabolas rooted at q and p cross. */
  private static double intersection(double[] f, int q, int p) {
    return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
  }
}
