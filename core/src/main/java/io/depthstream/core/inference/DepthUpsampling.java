package io.depthstream.core.inference;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.Resampling;

/**
 * The one way a prediction at the model's output resolution becomes a map at the frame's size:
 * {@link Resampling#plane}, the project's one resize, which enlarges bilinearly with half-pixel
 * centres (and would area-average a frame smaller than the output). The engine uses it for every
 * prediction, and whoever keeps only {@link DepthPrediction#modelResolution()} (the service's
 * pending frames, a tenth of a frame-size map or less) calls it again to get, value for value, the
 * map that was published.
 */
public final class DepthUpsampling {

  private DepthUpsampling() {}

  /** {@code map} at {@code width × height}; a copy when the sizes already agree. */
  public static DepthImage toSize(DepthImage map, int width, int height) {
    return new DepthImage(
        width, height, resize(map.metres(), map.width(), map.height(), width, height));
  }

  static float[] resize(float[] plane, int planeWidth, int planeHeight, int width, int height) {
    return Resampling.plane(plane, planeWidth, planeHeight, width, height);
  }
}
