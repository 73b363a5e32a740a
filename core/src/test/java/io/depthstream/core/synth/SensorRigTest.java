package io.depthstream.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.geometry.RigidTransform;
import org.junit.jupiter.api.Test;

class SensorRigTest {

  @Test
  void levelKittiRigHasTheVelodyneToCameraAxesSwap() {
    RigidTransform t = new SensorRig(0, 0.27, 0.08).lidarToCamera();
    // camera x = −lidar y, camera y = −lidar z, camera z = lidar x; LiDAR 8 cm up, 27 cm back
    assertThat(t.matrix3x4())
        .containsExactly(
            new double[] {0, -1, 0, 0, 0, 0, -1, -0.08, 1, 0, 0, -0.27}, within(1e-15));
  }

  @Test
  void cameraLooksAlongTheHeadingWithDownPointingDown() {
    double[] m = new SensorRig(0, 0.27, 0.08).cameraToWorld(new RigPose(0, 0, 1.65, Math.PI / 2));
    // heading +y: forward (camera z) is world +y, right (camera x) is world +x, down is world −z
    assertThat(new double[] {m[2], m[5], m[8]})
        .containsExactly(new double[] {0, 1, 0}, within(1e-15));
    assertThat(new double[] {m[0], m[3], m[6]})
        .containsExactly(new double[] {1, 0, 0}, within(1e-15));
    assertThat(new double[] {m[1], m[4], m[7]})
        .containsExactly(new double[] {0, 0, -1}, within(1e-15));
  }

  @Test
  void extrinsicAgreesWithGoingThroughTheWorld() {
    SensorRig rig = new SensorRig(Math.toRadians(12), 0.27, 0.08);
    RigPose pose = new RigPose(3, -2, 1.3, 0.7);
    // a point 5 m ahead, 1 m left and 0.5 m below the LiDAR, in LiDAR axes
    double[] lidarPoint = {5, 1, -0.5};
    double[] viaExtrinsic = new double[3];
    rig.lidarToCamera().apply(lidarPoint[0], lidarPoint[1], lidarPoint[2], viaExtrinsic);

    double c = Math.cos(pose.yaw());
    double s = Math.sin(pose.yaw());
    double[] o = rig.lidarOrigin(pose);
    double wx = o[0] + lidarPoint[0] * c - lidarPoint[1] * s;
    double wy = o[1] + lidarPoint[0] * s + lidarPoint[1] * c;
    double wz = o[2] + lidarPoint[2];
    double[] m = rig.cameraToWorld(pose);
    double ex = wx - pose.x();
    double ey = wy - pose.y();
    double ez = wz - pose.z();
    double[] viaWorld = {
      m[0] * ex + m[3] * ey + m[6] * ez,
      m[1] * ex + m[4] * ey + m[7] * ez,
      m[2] * ex + m[5] * ey + m[8] * ez
    };
    assertThat(viaExtrinsic).containsExactly(viaWorld, within(1e-12));
  }
}
