package io.depthstream.trainer.data;

import io.depthstream.core.image.Resampling;

/**
 * The image size a model takes, and so the size of its depth output: half of it in each direction
 * for DenseDepth (its decoder stops at 1/2 resolution). {@link #fit} brings a sample to those sizes
 * with {@link Resampling}, the resize the engine serves frames with, so the model trains on the
 * pixels it will be shown.
 */
public record InputSize(int width, int height) {

  /** DenseDepth's NYU input, 640×480 with a 320×240 output. */
  public static final InputSize NYU = new InputSize(640, 480);

  public InputSize {
    if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "model input must be even in both directions (its output is half the size), got "
              + width
              + "x"
              + height);
    }
  }

  public int depthWidth() {
    return width / 2;
  }

  public int depthHeight() {
    return height / 2;
  }

  /** The colour image at the input size, the depth at the output size (half). */
  public DepthSample fit(DepthSample sample) {
    return new DepthSample(
        Resampling.rgb(sample.rgb(), width, height),
        sample.depth().resized(depthWidth(), depthHeight()),
        sample.source());
  }
}
