package io.depthstream.core.synth;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.image.RgbImage;

/**
 * One rendered instant of a {@link SyntheticWorld}: the camera picture, its exact dense z-depth
 * (metres along the optical axis, 0 where there is nothing within range), one LiDAR sweep taken at
 * the same instant (packed float x, y, z, intensity in the LiDAR frame, KITTI velodyne axes), and
 * the calibration that maps those points onto the picture.
 */
public record SyntheticFrame(
    RgbImage rgb,
    DepthImage depth,
    float[] lidarPoints,
    CameraCalibration calibration,
    long timestampMillis,
    int index) {

  /** Floats per LiDAR point: x, y, z, intensity. */
  public static final int LIDAR_STRIDE = 4;

  /** Number of LiDAR returns in the sweep. */
  public int lidarPointCount() {
    return lidarPoints.length / LIDAR_STRIDE;
  }
}
