package io.depthstream.core.inference;

import io.depthstream.core.depth.DepthAt;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
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

  /**
   * The published map read at the pixels of a {@code gridWidth × gridHeight} image, without
   * building it: pixel {@code (x, y)} of the grid is, bit for bit, pixel {@code
   * (Resampling.nearest(x, width, gridWidth), Resampling.nearest(y, height, gridHeight))} of {@code
   * DepthPngCodec.quantised(toSize(map, width, height), scale)}, the map as a reader of {@code
   * depth.maps} decodes it and nearest-resamples it to the ground truth's size. For scoring at the
   * few pixels projected LiDAR reaches.
   *
   * @param map the prediction at model resolution
   * @param width the published map's width (the frame's)
   * @param height the published map's height
   * @param scale metres per unit of the published map's PNG
   */
  public static DepthAt publishedAt(
      DepthImage map, int width, int height, double scale, int gridWidth, int gridHeight) {
    if (gridWidth <= 0 || gridHeight <= 0 || !(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "grid " + gridWidth + "x" + gridHeight + " at scale " + scale + " is not usable");
    }
    Resampling.PlaneSampler upsampled =
        Resampling.sampler(map.metres(), map.width(), map.height(), width, height);
    boolean sameSize = width == gridWidth && height == gridHeight;
    return (x, y) -> {
      int sx = sameSize ? x : Resampling.nearest(x, width, gridWidth);
      int sy = sameSize ? y : Resampling.nearest(y, height, gridHeight);
      return DepthPngCodec.toMetres(DepthPngCodec.toUnits(upsampled.at(sx, sy), scale), scale);
    };
  }

  static float[] resize(float[] plane, int planeWidth, int planeHeight, int width, int height) {
    return Resampling.plane(plane, planeWidth, planeHeight, width, height);
  }
}
