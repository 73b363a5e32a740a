package io.depthstream.trainer.data;

import io.depthstream.core.image.Resampling;
import io.depthstream.trainer.model.ModelConfig;

/**
 * The image size a model takes, and the size of the depth it trains against: half of it in each
 * direction for DenseDepth (its decoder stops at 1/2 resolution; models with a coarser output pool
 * that further), the input size itself for a DenseDepth decoder with the full-resolution refinement
 * stage ({@code depthDivisor} 1). {@link #fit} brings a sample to those sizes with {@link
 * Resampling}, the resize the engine serves frames with, so the model trains on the pixels it will
 * be shown.
 *
 * @param depthDivisor input pixels per depth pixel along each axis: 2 or 1
 */
public record InputSize(int width, int height, int depthDivisor) {

  /** DenseDepth's NYU input, 640×480 with a 320×240 output. */
  public static final InputSize NYU = new InputSize(640, 480);

  /** An input whose depth is at half its size, as DenseDepth's. */
  public InputSize(int width, int height) {
    this(width, height, 2);
  }

  public InputSize {
    if (depthDivisor != 1 && depthDivisor != 2) {
      throw new IllegalArgumentException(
          "depth is at the input size (1) or half of it (2), got a divisor of " + depthDivisor);
    }
    if (width < depthDivisor
        || height < depthDivisor
        || width % depthDivisor != 0
        || height % depthDivisor != 0) {
      throw new IllegalArgumentException(
          "model input must be even in both directions (its output is half the size), got "
              + width
              + "x"
              + height);
    }
  }

  /** The size {@code config} takes, and the size of the depth a training batch carries for it. */
  public static InputSize of(ModelConfig config) {
    return new InputSize(config.width(), config.height(), config.trainingDepthDivisor());
  }

  public int depthWidth() {
    return width / depthDivisor;
  }

  public int depthHeight() {
    return height / depthDivisor;
  }

  /** Bytes one {@link #fit fitted} sample holds: 8-bit colour, and depth as 32-bit floats. */
  public long sampleBytes() {
    return (long) width * height * 3 + (long) depthWidth() * depthHeight() * Float.BYTES;
  }

  /** The colour image at the input size, the depth at the training depth's size. */
  public DepthSample fit(DepthSample sample) {
    return new DepthSample(
        Resampling.rgb(sample.rgb(), width, height),
        sample.depth().resized(depthWidth(), depthHeight()),
        sample.source());
  }
}
