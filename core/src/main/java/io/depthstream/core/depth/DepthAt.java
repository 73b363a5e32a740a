package io.depthstream.core.depth;

/**
 * A depth map read one pixel at a time, for whoever needs it at a few pixels only and would rather
 * not build the whole map (scoring against sparse LiDAR).
 */
@FunctionalInterface
public interface DepthAt {

  /** The depth in metres at pixel {@code (x, y)}; check {@link DepthImage#isValid} before use. */
  float at(int x, int y);
}
