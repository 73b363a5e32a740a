package io.depthstream.core.depth;

import java.util.Objects;

/**
 * A depth map that holds only its valid pixels: the form of projected LiDAR, which reaches a few
 * percent of a camera's pixels. Pixel {@code i} of a {@code width × height} image is {@code (i mod
 * width, i / width)}; {@code pixels} are strictly increasing, so they run in row-major order, the
 * order {@link DepthImage} and the metrics walk an image in. Every depth is valid ({@link
 * DepthImage#isValid}); a pixel not listed has no depth.
 *
 * @param pixels row-major indices of the pixels with depth, strictly increasing
 * @param metres the depth of each of {@code pixels}, in metres
 */
public record SparseDepth(int width, int height, int[] pixels, float[] metres) {

  public SparseDepth {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "depth map size must be positive, got " + width + "x" + height);
    }
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(metres, "metres");
    if (pixels.length != metres.length) {
      throw new IllegalArgumentException(
          pixels.length + " pixels but " + metres.length + " depths; one depth per pixel");
    }
    long size = (long) width * height;
    int previous = -1;
    for (int i = 0; i < pixels.length; i++) {
      if (pixels[i] <= previous || pixels[i] >= size) {
        throw new IllegalArgumentException(
            "pixel "
                + i
                + " is index "
                + pixels[i]
                + " after "
                + previous
                + "; indices must increase strictly and stay below "
                + size);
      }
      if (!DepthImage.isValid(metres[i])) {
        throw new IllegalArgumentException(
            "pixel " + pixels[i] + " has depth " + metres[i] + "; list only valid depths");
      }
      previous = pixels[i];
    }
  }

  /** The valid pixels of {@code dense}. */
  public static SparseDepth of(DepthImage dense) {
    float[] values = dense.metres();
    int n = dense.validCount();
    int[] pixels = new int[n];
    float[] metres = new float[n];
    for (int i = 0, k = 0; k < n; i++) {
      if (DepthImage.isValid(values[i])) {
        pixels[k] = i;
        metres[k++] = values[i];
      }
    }
    return new SparseDepth(dense.width(), dense.height(), pixels, metres);
  }

  /** Number of pixels with depth. */
  public int count() {
    return pixels.length;
  }

  /** The dense map: these depths, 0 (no depth) everywhere else. */
  public DepthImage toImage() {
    float[] dense = new float[width * height];
    for (int i = 0; i < pixels.length; i++) {
      dense[pixels[i]] = metres[i];
    }
    return new DepthImage(width, height, dense);
  }
}
