package io.depthstream.core.inference;

import io.depthstream.core.depth.DepthBins;

/**
 * Turns one output plane into depth, per {@link OutputKind}: metric kinds are decoded and clipped
 * to the bundle's {@code [min_depth, max_depth]} at the model's resolution; {@link DepthUpsampling}
 * then brings them to the frame's size (DenseDepth's own evaluation decodes first and upsamples
 * after). Depth-bin scores are first reduced to one depth per pixel (softmax if declared, then
 * expectation or argmax over the bins) and clipped likewise. Relative inverse depth is passed on
 * raw. NaN outputs stay NaN, which depth maps read as invalid.
 */
final class OutputDecoder {

  private final ModelOutput output;
  private final DepthCalibration.Curve calibration;

  OutputDecoder(ModelOutput output) {
    this.output = output;
    this.calibration = output.calibration().map(DepthCalibration::curve).orElse(null);
  }

  /**
   * Decodes one image's output at the model's resolution. For {@code DEPTH_BINS} {@code values}
   * holds K planes of {@code planeWidth × planeHeight}, bin-major ({@code [K,h,w]}) or, when {@code
   * channelsLast}, pixel-major ({@code [h,w,K]}); for every other kind it is the single plane,
   * modified in place and returned. {@link DepthUpsampling} brings the result to a frame's size.
   */
  float[] decode(float[] values, int planeWidth, int planeHeight, boolean channelsLast) {
    return switch (output.kind()) {
      case DEPTH_M -> {
        decodeMetric(values);
        yield calibrated(values);
      }
      case DEPTH_INVERSE_NORM -> {
        decodeInverse(values);
        yield calibrated(values);
      }
      case DEPTH_BINS -> calibrated(decodeBins(values, planeWidth * planeHeight, channelsLast));
      case INVERSE_RELATIVE -> values;
    };
  }

  /**
   * The bundle's calibration applied to decoded, clipped depth, clipped again: at the model's
   * resolution, before enlarging, a few thousand pixels rather than a frame's.
   */
  private float[] calibrated(float[] depth) {
    if (calibration != null) {
      for (int i = 0; i < depth.length; i++) {
        depth[i] = clip(calibration.apply(depth[i]));
      }
    }
    return depth;
  }

  /** Decodes {@code plane} (modified in place) and resizes it to {@code width × height}. */
  float[] decode(float[] plane, int planeWidth, int planeHeight, int width, int height) {
    return decode(plane, planeWidth, planeHeight, false, width, height);
  }

  /** {@link #decode(float[], int, int, boolean)}, then resized to {@code width × height}. */
  float[] decode(
      float[] values,
      int planeWidth,
      int planeHeight,
      boolean channelsLast,
      int width,
      int height) {
    float[] plane = decode(values, planeWidth, planeHeight, channelsLast);
    return DepthUpsampling.resize(plane, planeWidth, planeHeight, width, height);
  }

  /** One clipped depth per pixel from its K bin scores. */
  private float[] decodeBins(float[] values, int pixels, boolean channelsLast) {
    BinnedOutput binned = output.bins();
    DepthBins bins = binned.bins();
    int k = bins.count();
    // Bin i of pixel p sits at p·K + i when bins are last, at i·pixels + p when they are first.
    int binStride = channelsLast ? 1 : pixels;
    int pixelStride = channelsLast ? k : 1;
    float[] scores = new float[k];
    float[] depth = new float[pixels];
    for (int p = 0; p < pixels; p++) {
      int base = p * pixelStride;
      boolean finite = true;
      for (int i = 0; i < k; i++) {
        scores[i] = values[base + i * binStride];
        finite &= Float.isFinite(scores[i]);
      }
      // A NaN or infinite score has no probability; the pixel is invalid, as NaN depth elsewhere.
      depth[p] = finite ? clip((float) readout(binned, scores)) : Float.NaN;
    }
    return depth;
  }

  private static double readout(BinnedOutput binned, float[] scores) {
    DepthBins bins = binned.bins();
    if (binned.readout() == BinnedOutput.Readout.ARGMAX) {
      // Softmax is monotonic, so the most likely bin is the highest score with or without it.
      return bins.centre(argmax(scores));
    }
    if (binned.activation() == BinnedOutput.Activation.SOFTMAX) {
      softmax(scores);
    } else if (!usableProbabilities(scores)) {
      return Double.NaN;
    }
    return bins.expectedDepth(scores);
  }

  /** The first index of the largest score: ties go to the nearer bin. */
  private static int argmax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Softmax in place. Subtracting the largest logit first keeps every exponent ≤ 0, so large logits
   * cannot overflow to infinity and the largest term is exactly 1, so the sum is never zero.
   */
  private static void softmax(float[] logits) {
    float max = logits[argmax(logits)];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = Math.exp((double) logits[i] - max);
      logits[i] = (float) e;
      sum += e;
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (logits[i] / sum);
    }
  }

  /**
   * Outputs declared as probabilities that are negative or all zero cannot be weighed; such a pixel
   * becomes invalid rather than failing the whole frame.
   */
  private static boolean usableProbabilities(float[] p) {
    double total = 0;
    for (float v : p) {
      if (v < 0) {
        return false;
      }
      total += v;
    }
    return total > 0;
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
