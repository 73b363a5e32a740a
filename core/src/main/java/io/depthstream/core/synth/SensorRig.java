package io.depthstream.core.synth;

import io.depthstream.core.geometry.RigidTransform;

/**
 * How camera and LiDAR sit on the vehicle. The vehicle frame, which the LiDAR shares, has KITTI's
 * velodyne axes (x forward, y left, z up); the camera (x right, y down, z forward) sits at the rig
 * position, pitched down by {@code cameraPitch} radians; the LiDAR sits {@code lidarBack} metres
 * behind and {@code lidarUp} metres above it, as on KITTI's car (0.27 m and 0.08 m).
 */
record SensorRig(double cameraPitch, double lidarBack, double lidarUp) {

  /** Row-major 3×3 rotation taking camera-frame vectors into the world at this pose. */
  double[] cameraToWorld(RigPose pose) {
    double c = StrictMath.cos(pose.yaw());
    double s = StrictMath.sin(pose.yaw());
    double cp = StrictMath.cos(cameraPitch);
    double sp = StrictMath.sin(cameraPitch);
    // columns: camera x (right), y (down), z (forward) in world coordinates
    return new double[] {s, -sp * c, cp * c, -c, -sp * s, cp * s, 0, -cp, -sp};
  }

  /** World position of the LiDAR's origin at this pose. */
  double[] lidarOrigin(RigPose pose) {
    double c = StrictMath.cos(pose.yaw());
    double s = StrictMath.sin(pose.yaw());
    return new double[] {pose.x() - lidarBack * c, pose.y() - lidarBack * s, pose.z() + lidarUp};
  }

  /** The extrinsic a calibration record carries: LiDAR frame → camera frame. */
  RigidTransform lidarToCamera() {
    double cp = StrictMath.cos(cameraPitch);
    double sp = StrictMath.sin(cameraPitch);
    // rows of R are the camera axes in the vehicle frame; t = R · (LiDAR origin, vehicle frame)
    double[][] r = {{0, -1, 0}, {-sp, 0, -cp}, {cp, 0, -sp}};
    double[] origin = {-lidarBack, 0, lidarUp};
    double[] m = new double[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i * 4 + j] = r[i][j];
        m[i * 4 + 3] += r[i][j] * origin[j];
      }
    }
    return new RigidTransform(m);
  }
}
