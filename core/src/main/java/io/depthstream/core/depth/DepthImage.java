package io.depthstream.core.depth;

import io.depthstream.core.image.Resampling;
import java.util.Objects;

/**
 * A metric depth map: one float per pixel in metres, row-major. A value that is not a finite number
 * above zero means "no depth here" (sky, no LiDAR return, masked); {@link #isValid} is the one test
 * for that, used by codecs, metrics and colormaps alike.
 */
public record DepthImage(int width, int height, float[] metres) {

  public DepthImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "depth map size must be positive, got " + width + "x" + height);
    }
    Objects.requireNonNull(metres, "metres");
    if (metres.length != (long) width * height) {
      throw new IllegalArgumentException(
          "depth buffer holds "
              + metres.length
              + " values, a "
              + width
              + "x"
              + height
              + " map needs "
              + (long) width * height);
    }
  }

  /** An all-invalid map of the given size. */
  public static DepthImage empty(int width, int height) {
    return new DepthImage(width, height, new float[width * height]);
  }

  /** Depth at (x, y) in metres; check {@link #isValid(float)} before trusting it. */
  public float at(int x, int y) {
    return metres[y * width + x];
  }

  public void set(int x, int y, float depthMetres) {
    metres[y * width + x] = depthMetres;
  }

  /** True where a value is a usable depth: finite and above zero. */
  public static boolean isValid(float depthMetres) {
    return depthMetres > 0f && Float.isFinite(depthMetres);
  }

  /**
   * This map at {@code width × height} with the project's one resize ({@link Resampling}),
   * averaging only valid depths: sparse LiDAR stays sparse, and a pixel none of whose sources is
   * valid is invalid (0). The same size returns this map.
   */
  public DepthImage resized(int width, int height) {
    if (width == this.width && height == this.height) {
      return this;
    }
    return new DepthImage(
        width,
        height,
        Resampling.validOnly(
            metres, this.width, this.height, width, height, v -> isValid((float) v)));
  }

  /** Number of valid pixels. */
  public int validCount() {
    int n = 0;
    for (float v : metres) {
      if (isValid(v)) {
        n++;
      }
    }
    return n;
  }
}
