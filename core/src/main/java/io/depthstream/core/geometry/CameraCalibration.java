package io.depthstream.core.geometry;

import java.util.Objects;

/**
 * What it takes to put a LiDAR point on a camera image: the camera's intrinsics (and so its image
 * size) and the LiDAR → camera extrinsic. The in-memory twin of the {@code SensorCalibration} Avro
 * record on the {@code sensor.calibration} topic.
 */
public record CameraCalibration(CameraIntrinsics intrinsics, RigidTransform lidarToCamera) {

  public CameraCalibration {
    Objects.requireNonNull(intrinsics, "intrinsics");
    Objects.requireNonNull(lidarToCamera, "lidarToCamera");
  }
}
