package io.depthstream.core.inference;

/**
 * Turns one output plane into depth, per {@link OutputKind}: metric kinds are decoded and clipped
 * to the bundle's {@code [min_depth, max_depth]} at the model's resolution, then upsampled
 * bilinearly to the frame's size (DenseDepth's own evaluation decodes first and upsamples after).
 * Relative inverse depth is upsampled raw. NaN outputs stay NaN, which depth maps read as invalid.
 */
final class OutputDecoder {

  private final ModelOutput output;
  private final BilinearResampler resampler = new BilinearResampler();

  OutputDecoder(ModelOutput output) {
    this.output = output;
  }

  /**
   * Decodes {@code plane} ({@code planeWidth × planeHeight}, modified in place) and resizes it to
   * {@code width × height}.
   */
  float[] decode(float[] plane, int planeWidth, int planeHeight, int width, int height) {
    switch (output.kind()) {
      case DEPTH_M -> decodeMetric(plane);
      case DEPTH_INVERSE_NORM -> decodeInverse(plane);
      case INVERSE_RELATIVE -> {
        // Meaningful only after per-frame alignment, which needs ground truth: leave it raw.
      }
    }
    return resampler.resize(plane, planeWidth, planeHeight, width, height);
  }

  private void decodeMetric(float[] plane) {
    float scale = (float) output.depthScale();
    for (int i = 0; i < plane.length; i++) {
      plane[i] = clip(scale * plane[i]);
    }
  }

  private void decodeInverse(float[] plane) {
    float numerator = (float) output.depthScale();
    float far = (float) output.maxDepth();
    for (int i = 0; i < plane.length; i++) {
      float y = plane[i];
      // y = maxDepth/d, so y ≤ 0 can only mean "beyond anything measurable".
      plane[i] = y > 0 ? clip(numerator / y) : (Float.isNaN(y) ? Float.NaN : far);
    }
  }

  private float clip(float depth) {
    if (Float.isNaN(depth)) {
      return depth;
    }
    return (float) Math.min(Math.max(depth, output.minDepth()), output.maxDepth());
  }
}
