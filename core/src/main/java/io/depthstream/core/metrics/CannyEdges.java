package io.depthstream.core.metrics;

/**
 * Canny's edge detector (Canny 1986) on a single-channel float image: Gaussian smoothing, Sobel
 * gradients, non-maximum suppression across the gradient direction, and hysteresis between a low
 * and a high threshold on the gradient magnitude. The magnitude is the plain (unnormalised) 3×3
 * Sobel response, so a step of height 1 between two flat regions, smoothed with σ = √2, peaks near
 * 2; {@link DepthBoundaryError} runs it on depth normalised to [0, 1]. Borders repeat their
 * outermost pixel, so the image border itself is never an edge.
 */
public final class CannyEdges {

  private CannyEdges() {}

  /**
   * The edge pixels of {@code image} ({@code width × height}, row-major).
   *
   * @param sigma standard deviation of the Gaussian in pixels; 0 skips smoothing
   * @param low gradient magnitude a pixel needs to continue an edge
   * @param high gradient magnitude a pixel needs to start one
   */
  public static boolean[] detect(
      float[] image, int width, int height, double sigma, double low, double high) {
    if (width <= 0 || height <= 0 || image.length != width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " image needs "
              + width * height
              + " pixels, got "
              + image.length);
    }
    if (!(sigma >= 0) || !(low >= 0) || !(high >= low)) {
      throw new IllegalArgumentException(
          "Canny needs sigma >= 0 and 0 <= low <= high, got sigma "
              + sigma
              + ", low "
              + low
              + ", high "
              + high);
    }
    float[] smooth = gaussian(image, width, height, sigma);
    float[] gx = new float[image.length];
    float[] gy = new float[image.length];
    float[] magnitude = new float[image.length];
    sobel(smooth, width, height, gx, gy, magnitude);
    boolean[] ridge = suppressNonMaxima(gx, gy, magnitude, width, height);
    return hysteresis(ridge, magnitude, width, height, low, high);
  }

  /** Separable Gaussian blur, kernel truncated at 4σ like most image libraries do. */
  static float[] gaussian(float[] image, int width, int height, double sigma) {
    if (sigma == 0) {
      return image.clone();
    }
    int radius = (int) Math.ceil(4 * sigma);
    float[] kernel = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      double v = Math.exp(-(i * i) / (2 * sigma * sigma));
      kernel[i + radius] = (float) v;
      sum += v;
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) (kernel[i] / sum);
    }
    // Rows, then columns; the inner loops run along rows so they read memory in order.
    float[] rows = new float[image.length];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        float acc = 0;
        if (x >= radius && x + radius < width) {
          int start = row + x - radius;
          for (int k = 0; k < kernel.length; k++) {
            acc += kernel[k] * image[start + k];
          }
        } else {
          for (int k = -radius; k <= radius; k++) {
            acc += kernel[k + radius] * image[row + clamp(x + k, width)];
          }
        }
        rows[row + x] = acc;
      }
    }
    float[] out = new float[image.length];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int k = -radius; k <= radius; k++) {
        float weight = kernel[k + radius];
        int source = clamp(y + k, height) * width;
        for (int x = 0; x < width; x++) {
          out[row + x] += weight * rows[source + x];
        }
      }
    }
    return out;
  }

  private static void sobel(
      float[] s, int width, int height, float[] gx, float[] gy, float[] magnitude) {
    for (int y = 0; y < height; y++) {
      int up = clamp(y - 1, height) * width;
      int row = y * width;
      int down = clamp(y + 1, height) * width;
      for (int x = 0; x < width; x++) {
        int l = clamp(x - 1, width);
        int r = clamp(x + 1, width);
        float dx =
            (s[up + r] - s[up + l]) + 2 * (s[row + r] - s[row + l]) + (s[down + r] - s[down + l]);
        float dy =
            (s[down + l] - s[up + l]) + 2 * (s[down + x] - s[up + x]) + (s[down + r] - s[up + r]);
        gx[row + x] = dx;
        gy[row + x] = dy;
        magnitude[row + x] = (float) Math.sqrt(dx * dx + dy * dy);
      }
    }
  }

  /**
   * Keeps the pixels whose magnitude is a maximum along the gradient direction, quantised to one of
   * four (0°, 45°, 90°, 135°). Ties go to the pixel before the step (strictly above its
   * predecessor, at least its successor), so the two equal peaks of a step centred between two
   * pixels leave a one-pixel edge, not two or none.
   */
  private static boolean[] suppressNonMaxima(
      float[] gx, float[] gy, float[] magnitude, int width, int height) {
    boolean[] ridge = new boolean[magnitude.length];
    double tan22 = Math.tan(Math.toRadians(22.5));
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        float m = magnitude[i];
        if (m == 0) {
          continue;
        }
        float ax = Math.abs(gx[i]);
        float ay = Math.abs(gy[i]);
        int dx;
        int dy;
        if (ay <= tan22 * ax) {
          dx = 1;
          dy = 0;
        } else if (ax <= tan22 * ay) {
          dx = 0;
          dy = 1;
        } else {
          dx = 1;
          dy = (gx[i] > 0) == (gy[i] > 0) ? 1 : -1;
        }
        float before = magnitude[clamp(y - dy, height) * width + clamp(x - dx, width)];
        float after = magnitude[clamp(y + dy, height) * width + clamp(x + dx, width)];
        ridge[i] = m > before && m >= after;
      }
    }
    return ridge;
  }

  /**
   * Ridge pixels at or above {@code high}, and those at or above {@code low} 8-connected to one.
   */
  private static boolean[] hysteresis(
      boolean[] ridge, float[] magnitude, int width, int height, double low, double high) {
    boolean[] edges = new boolean[ridge.length];
    int[] stack = new int[ridge.length];
    int top = 0;
    for (int i = 0; i < ridge.length; i++) {
      if (ridge[i] && magnitude[i] >= high) {
        edges[i] = true;
        stack[top++] = i;
      }
    }
    while (top > 0) {
      int i = stack[--top];
      int x = i % width;
      int y = i / width;
      for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          int j = ny * width + nx;
          if (!edges[j] && ridge[j] && magnitude[j] >= low) {
            edges[j] = true;
            stack[top++] = j;
          }
        }
      }
    }
    return edges;
  }

  private static int clamp(int i, int size) {
    return i < 0 ? 0 : (i >= size ? size - 1 : i);
  }

  /** Number of true pixels. */
  static int count(boolean[] mask) {
    int n = 0;
    for (boolean b : mask) {
      if (b) {
        n++;
      }
    }
    return n;
  }
}
