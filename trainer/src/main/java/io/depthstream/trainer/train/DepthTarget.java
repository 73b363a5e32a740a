package io.depthstream.trainer.train;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.trainer.model.ModelConfig;

/**
 * DenseDepth's output encoding: the network predicts {@code y = maxDepth / d} with depth clipped to
 * {@code [maxDepth/100, maxDepth]}, so targets lie in [1, 100] (for NYU, maxDepth = 10 m: 1000 / d
 * in centimetres, as in the paper). Also brings ground truth to the model's output resolution.
 */
public record DepthTarget(double maxDepth) {

  /** Ratio between the largest and smallest depth the encoding represents. */
  public static final double RANGE = ModelConfig.DEPTH_RATIO;

  public DepthTarget {
    if (!(maxDepth > 0) || Double.isInfinite(maxDepth)) {
      throw new IllegalArgumentException("max depth must be a positive number of metres");
    }
  }

  /** Smallest depth represented, metres. */
  public double minDepth() {
    return maxDepth / RANGE;
  }

  /** Encodes a valid depth in metres: maxDepth / clip(d, minDepth, maxDepth), in [1, 100]. */
  public float encode(float depthMetres) {
    double d = Math.min(Math.max(depthMetres, minDepth()), maxDepth);
    return (float) (maxDepth / d);
  }

  /** Decodes a network output to metres; outputs at or below 1 mean "as far as it gets". */
  public float decode(float output) {
    double y = Math.min(Math.max(output, 1.0), RANGE);
    return (float) (maxDepth / y);
  }

  /**
   * Fills {@code target} with encoded depth and {@code mask} with 1 where ground truth is valid, 0
   * elsewhere. Targets there are set to 1 ("far") only so that they stay finite: every loss term
   * multiplies them by the mask, so they never count ({@link DepthLoss}).
   */
  public void encode(float[] depthMetres, float[] target, float[] mask) {
    for (int i = 0; i < depthMetres.length; i++) {
      boolean valid = DepthImage.isValid(depthMetres[i]);
      mask[i] = valid ? 1f : 0f;
      target[i] = valid ? encode(depthMetres[i]) : 1f;
    }
  }

  /**
   * Brings {@code images} depth maps of {@code height × width} down by an integer {@code factor}:
   * each output pixel is the mean of the valid values in its block, invalid (0) when none is valid.
   */
  public static float[] downsample(float[] depth, int images, int height, int width, int factor) {
    if (factor == 1) {
      return depth;
    }
    int oh = height / factor;
    int ow = width / factor;
    float[] out = new float[images * oh * ow];
    for (int n = 0; n < images; n++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          double sum = 0;
          int count = 0;
          for (int dy = 0; dy < factor; dy++) {
            for (int dx = 0; dx < factor; dx++) {
              float v = depth[(n * height + y * factor + dy) * width + x * factor + dx];
              if (DepthImage.isValid(v)) {
                sum += v;
                count++;
              }
            }
          }
          out[(n * oh + y) * ow + x] = count == 0 ? 0f : (float) (sum / count);
        }
      }
    }
    return out;
  }
}
