package io.depthstream.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.LidarProjector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KittiCalibrationTest {

  @TempDir Path dir;

  static String camToCam(String pRect02, String rRect00, String sRect02) {
    return "calib_time: 09-Jan-2012 13:57:47\n"
        + "corner_dist: 9.950000e-02\n"
        + "S_00: 1.392000e+03 5.120000e+02\n"
        + "R_rect_00: "
        + rRect00
        + "\n"
        + "P_rect_00: 7.215377e+02 0.000000e+00 6.095593e+02 0.000000e+00 0.000000e+00"
        + " 7.215377e+02 1.728540e+02 0.000000e+00 0.000000e+00 0.000000e+00 1.000000e+00"
        + " 0.000000e+00\n"
        + "S_rect_02: "
        + sRect02
        + "\n"
        + "P_rect_02: "
        + pRect02
        + "\n";
  }

  static String veloToCam(String r, String t) {
    return "calib_time: 15-Mar-2012 11:37:16\nR: "
        + r
        + "\nT: "
        + t
        + "\ndelta_f: 0.000000e+00 0.000000e+00\ndelta_c: 0.000000e+00 0.000000e+00\n";
  }

  /** Velodyne axes (x forward, y left, z up) to camera axes (x right, y down, z forward). */
  static final String AXES = "0 -1 0 0 0 -1 1 0 0";

  static final String IDENTITY = "1 0 0 0 1 0 0 0 1";

  @Test
  void foldsRectificationAndCameraOffsetIntoTheExtrinsic() {
    CameraCalibration c =
        KittiCalibration.parse(
            camToCam("500 0 300 30 0 500 200 0 0 0 1 0.002", IDENTITY, "640 400"),
            "cam.txt",
            veloToCam(AXES, "0.1 0.2 0.3"),
            "velo.txt",
            2);

    CameraIntrinsics k = c.intrinsics();
    assertThat(new double[] {k.fx(), k.fy(), k.cx(), k.cy()})
        .containsExactly(500, 500, 299.5, 199.5);
    assertThat(k.width()).isEqualTo(640);
    assertThat(k.height()).isEqualTo(400);
    // K⁻¹·[30, 0, 0.002]: tz = 0.002, ty = (0 − 200·0.002)/500, tx = (30 − 300·0.002)/500.
    double[] m = c.lidarToCamera().matrix3x4();
    assertThat(m)
        .containsExactly(
            new double[] {0, -1, 0, 0.1 + 0.0588, 0, 0, -1, 0.2 - 0.0008, 1, 0, 0, 0.302},
            within(1e-12));
  }

  @Test
  void projectsExactlyWhereKittisMatrixChainDoes() {
    String p =
        "7.215377e+02 0.000000e+00 6.095593e+02 4.485728e+01 0.000000e+00 7.215377e+02"
            + " 1.728540e+02 2.163791e-01 0.000000e+00 0.000000e+00 1.000000e+00 2.745884e-03";
    String rRect =
        "9.999239e-01 9.837760e-03 -7.445048e-03 -9.869795e-03 9.999421e-01"
            + " -4.278459e-03 7.402527e-03 4.351614e-03 9.999631e-01";
    String r =
        "7.533745e-03 -9.999714e-01 -6.166020e-04 1.480249e-02 7.280733e-04 -9.998902e-01"
            + " 9.998621e-01 7.523790e-03 1.480755e-02";
    String t = "-4.069766e-03 -7.631618e-02 -2.717806e-01";
    CameraCalibration c =
        KittiCalibration.parse(
            camToCam(p, rRect, "1.242000e+03 3.750000e+02"), "cam", veloToCam(r, t), "velo", 2);
    double[] pm = parse(p);
    double[] rr = parse(rRect);
    double[] rv = parse(r);
    double[] tv = parse(t);
    CameraIntrinsics k = c.intrinsics();
    SplittableRandom random = new SplittableRandom(3);
    double[] cam = new double[3];
    for (int n = 0; n < 100; n++) {
      double[] x = {
        5 + random.nextDouble() * 70, random.nextDouble() * 20 - 10, random.nextDouble() * 3 - 2
      };
      // KITTI: P · R_rect · ([R|T]·X), homogeneous.
      double[] y = add(mul(rv, x), tv);
      double[] z = mul(rr, y);
      double[] img = {
        pm[0] * z[0] + pm[1] * z[1] + pm[2] * z[2] + pm[3],
        pm[4] * z[0] + pm[5] * z[1] + pm[6] * z[2] + pm[7],
        pm[8] * z[0] + pm[9] * z[1] + pm[10] * z[2] + pm[11]
      };
      c.lidarToCamera().apply(x[0], x[1], x[2], cam);
      double u = k.fx() * cam[0] / cam[2] + k.cx();
      double v = k.fy() * cam[1] / cam[2] + k.cy();
      assertThat(u + 0.5).isCloseTo(img[0] / img[2], within(1e-9));
      assertThat(v + 0.5).isCloseTo(img[1] / img[2], within(1e-9));
      // monodepth2's pixel, round(u) − 1, is the projector's floor(u).
      assertThat(Math.round(img[0] / img[2]) - 1).isEqualTo((long) Math.floor(u));
      assertThat(cam[2]).isCloseTo(img[2], within(1e-12));
    }
  }

  @Test
  void errorsNameTheFileKeyAndLine() {
    assertThatThrownBy(
            () ->
                KittiCalibration.parse(
                    camToCam("1 2 3", IDENTITY, "640 400"),
                    "calib_cam_to_cam.txt",
                    veloToCam(AXES, "0 0 0"),
                    "velo",
                    2))
        .hasMessageContaining("calib_cam_to_cam.txt line 7: P_rect_02 needs 12 numbers, got 3");
    assertThatThrownBy(
            () ->
                KittiCalibration.parse(
                    camToCam("500 0 300 0 0 500 200 0 0 0 1 0", IDENTITY, "640 400"),
                    "cam",
                    "R: " + AXES + "\n",
                    "calib_velo_to_cam.txt",
                    2))
        .hasMessageContaining("calib_velo_to_cam.txt has no numeric 'T:' line");
    assertThatThrownBy(
            () ->
                KittiCalibration.parse(
                    camToCam("500 0 300 0 0 500 200 0 0 0 1 0", IDENTITY, "640 400"),
                    "cam",
                    veloToCam(AXES, "0 0 0"),
                    "velo",
                    3))
        .hasMessageContaining("P_rect_03");
  }

  @Test
  void kittiCalibrationFoldsTheRectifiedBaselineIntoTheExtrinsic() {
    // P_rect_02 of a camera 0.5 m left of camera 00 (tx = -fx*0.5), R_rect_00 a 90° turn about z
    double fx = 700;
    double[] p = {fx, 0, 600, -fx * 0.5, 0, 710, 180, 0, 0, 0, 1, 0};
    double[] rRect = {0, -1, 0, 1, 0, 0, 0, 0, 1};
    double[] r = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double[] t = {1, 2, 3};
    CameraCalibration c = KittiCalibration.fromKitti(p, rRect, r, t, 1242, 375);
    assertThat(c.intrinsics().fx()).isEqualTo(700);
    assertThat(c.intrinsics().fy()).isEqualTo(710);
    // KITTI's round(u) - 1 pixel convention becomes LidarProjector's floor(u): half a pixel left/up
    assertThat(c.intrinsics().cx()).isEqualTo(599.5);
    assertThat(c.intrinsics().cy()).isEqualTo(179.5);
    // rotation = rRect; translation = b + rRect·t = (-0.5,0,0) + (-2, 1, 3)
    assertThat(c.lidarToCamera().matrix3x4())
        .containsExactly(0, -1, 0, -2.5, 1, 0, 0, 1, 0, 0, 1, 3);
  }

  @Test
  void velodynePointsOfADateFolderLandOnKittisPixel() throws IOException {
    // fx = fy = 50, principal point (32.5, 20.5), no offsets, a 64x40 picture.
    Files.writeString(
        dir.resolve(KittiCalibration.CAM_TO_CAM),
        camToCam("50 0 32.5 0 0 50 20.5 0 0 0 1 0", IDENTITY, "64 40"));
    Files.writeString(dir.resolve(KittiCalibration.VELO_TO_CAM), veloToCam(AXES, "0 0 0"));
    CameraCalibration c = KittiCalibration.read(dir, 2);
    // (10, −1, −0.5) → camera (1, 0.5, 10) → u = 50·0.1 + 32 = 37, v = 50·0.05 + 20 = 22.5
    // (KITTI's 32.5, 20.5 less the half pixel).
    // A farther point on the same ray loses; one behind the car is dropped.
    float[] points = {10, -1, -0.5f, 0.3f, 12, -1.2f, -0.6f, 0.1f, -5, 0, 0, 0.9f};
    DepthImage depth = new LidarProjector().project(points, KittiLayout.VELODYNE_STRIDE, c);
    assertThat(depth.width()).isEqualTo(64);
    assertThat(depth.validCount()).isEqualTo(1);
    assertThat(depth.at(37, 22)).isCloseTo(10f, within(1e-5f));
  }

  @Test
  void missingCalibrationIsNamed() throws IOException {
    Files.writeString(
        dir.resolve(KittiCalibration.CAM_TO_CAM),
        camToCam("50 0 32.5 0 0 50 20.5 0 0 0 1 0", IDENTITY, "64 40"));
    assertThatThrownBy(() -> KittiCalibration.read(dir, 2))
        .hasMessageContaining("calib_velo_to_cam.txt does not exist");
  }

  @Test
  void writtenFilesReadBackAsTheSameCalibration() {
    CameraIntrinsics k = new CameraIntrinsics(120, 121, 63.5, 47.25, 128, 96);
    double[] m = {0, -1, 0, 0.1, 0, 0, -1, 0.2, 1, 0, 0, 0.3};
    CameraCalibration c =
        KittiCalibration.parse(
            KittiCalibration.camToCamText(k), "cam", KittiCalibration.veloToCamText(m), "velo", 2);
    assertThat(c.intrinsics()).isEqualTo(k);
    assertThat(c.lidarToCamera().matrix3x4()).containsExactly(m, within(1e-6));
  }

  private static double[] parse(String s) {
    String[] cells = s.trim().split("\\s+");
    double[] v = new double[cells.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Double.parseDouble(cells[i]);
    }
    return v;
  }

  private static double[] mul(double[] m, double[] x) {
    return new double[] {
      m[0] * x[0] + m[1] * x[1] + m[2] * x[2],
      m[3] * x[0] + m[4] * x[1] + m[5] * x[2],
      m[6] * x[0] + m[7] * x[1] + m[8] * x[2]
    };
  }

  private static double[] add(double[] a, double[] b) {
    return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
  }
}
