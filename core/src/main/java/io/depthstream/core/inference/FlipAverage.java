package io.depthstream.core.inference;

/**
 * DenseDepth's flip test: the prediction for a frame is averaged with the prediction for its
 * left-right mirror image, mirrored back. Averages after decoding, at the model's output
 * resolution: the paper's evaluation averages after upsampling, which is the same map, since
 * half-pixel bilinear upsampling is linear and commutes with the mirror (up to float rounding).
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
