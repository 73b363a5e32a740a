package io.depthstream.core.inference;

/**
 * Bilinear resizing with half-pixel centres (ONNX Resize {@code half_pixel}, OpenCV {@code
 * INTER_LINEAR}, PyTorch {@code align_corners=False}): destination pixel {@code x} samples the
 * source at {@code (x + 0.5) · srcW / dstW − 0.5}, clamped to the border. No anti-aliasing, so
 * strong downscaling skips detail; the engine only shrinks camera frames by small factors.
 */
final class BilinearResampler {

  /** Source index and weight pairs for one axis, computed once per size pair. */
  record Axis(int[] low, int[] high, float[] weightHigh) {

    static Axis of(int source, int destination) {
      int[] low = new int[destination];
      int[] high = new int[destination];
      float[] weight = new float[destination];
      double ratio = (double) source / destination;
      for (int i = 0; i < destination; i++) {
        double s = Math.min(Math.max((i + 0.5) * ratio - 0.5, 0.0), source - 1);
        int lo = (int) Math.floor(s);
        low[i] = lo;
        high[i] = Math.min(lo + 1, source - 1);
        weight[i] = (float) (s - lo);
      }
      return new Axis(low, high, weight);
    }
  }

  /** Resizes a row-major single-channel plane. */
  float[] resize(float[] source, int sourceWidth, int sourceHeight, int width, int height) {
    if (sourceWidth == width && sourceHeight == height) {
      return source.clone();
    }
    Axis xs = Axis.of(sourceWidth, width);
    Axis ys = Axis.of(sourceHeight, height);
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      int top = ys.low()[y] * sourceWidth;
      int bottom = ys.high()[y] * sourceWidth;
      float wy = ys.weightHigh()[y];
      for (int x = 0; x < width; x++) {
        int l = xs.low()[x];
        int r = xs.high()[x];
        float wx = xs.weightHigh()[x];
        float upper = source[top + l] + wx * (source[top + r] - source[top + l]);
        float lower = source[bottom + l] + wx * (source[bottom + r] - source[bottom + l]);
        out[y * width + x] = upper + wy * (lower - upper);
      }
    }
    return out;
  }
}
