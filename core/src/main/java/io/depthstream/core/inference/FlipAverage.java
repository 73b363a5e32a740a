package io.depthstream.core.inference;

/**
 * DenseDepth's flip test: the prediction for a frame is averaged with the prediction for its
 * left-right mirror image, mirrored back. Averages at the frame's resolution, after decoding, as
 * the paper's evaluation does.
 */
final class FlipAverage {

  private FlipAverage() {}

  /**
   * Replaces {@code map} with {@code (map + mirror(mirroredMap)) / 2}; both are row-major {@code
   * width × height}, {@code mirroredMap} being the prediction for the mirrored frame.
   */
  static void combine(float[] map, float[] mirroredMap, int width, int height) {
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        map[row + x] = 0.5f * (map[row + x] + mirroredMap[row + width - 1 - x]);
      }
    }
  }
}
