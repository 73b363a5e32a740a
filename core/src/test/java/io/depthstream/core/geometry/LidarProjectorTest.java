package io.depthstream.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.ImageLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LidarProjectorTest {

  // KITTI axes: LiDAR x forward, y left, z up -> camera x right (-y), y down (-z), z forward (x).
  private static final double[] AXES = {0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0};
  private static final CameraIntrinsics K = new CameraIntrinsics(100, 100, 50, 40, 100, 80);
  private static final CameraCalibration CALIBRATION =
      new CameraCalibration(K, new RigidTransform(AXES));

  private final LidarProjector projector = new LidarProjector();

  @Test
  void placesHandPlacedPointsOnTheirPixels() {
    float[] points = {
      10, 0, 0, // camera (0, 0, 10):      u = 50, v = 40
      5, 1, 0.5f, // camera (-1, -0.5, 5): u = -100/5 + 50 = 30, v = -50/5 + 40 = 30
      8, -2, -1.6f // camera (2, 1.6, 8):  u = 200/8 + 50 = 75, v = 160/8 + 40 = 60
    };
    DepthImage depth = projector.project(points, 3, CALIBRATION);

    assertThat(depth.width()).isEqualTo(100);
    assertThat(depth.height()).isEqualTo(80);
    assertThat(depth.at(50, 40)).isEqualTo(10f);
    assertThat(depth.at(30, 30)).isEqualTo(5f);
    assertThat(depth.at(75, 60)).isEqualTo(8f);
    assertThat(depth.validCount()).isEqualTo(3);
  }

  @Test
  void nearestPointWinsWhateverTheOrder() {
    // all three land on (50, 40); the 10 m one wins
    float[] points = {20, 0, 0, 10, 0, 0, 15, 0, 0};
    DepthImage depth = projector.project(points, 3, CALIBRATION);
    assertThat(depth.at(50, 40)).isEqualTo(10f);
    assertThat(depth.validCount()).isEqualTo(1);
  }

  @Test
  void dropsPointsBehindTheCameraAndOffTheImage() {
    float[] points = {
      -5, 0, 0, // camera z = -5: behind
      0, 0, 0, // camera z = 0: on the camera plane
      1, 5, 0, // camera (-5, 0, 1): u = -450, off the left edge
      10, -5.01f, 0, // camera (5.01, 0, 10): u = 100.1, just past the right edge (width 100)
      10, -4.99f, 0 // camera (4.99, 0, 10): u = 99.9, last column
    };
    DepthImage depth = projector.project(points, 3, CALIBRATION);
    assertThat(depth.validCount()).isEqualTo(1);
    assertThat(depth.at(99, 40)).isEqualTo(10f);
  }

  @Test
  void appliesTheExtrinsicTranslationAndWritesCameraZ() {
    double[] m = AXES.clone();
    m[3] = 0.1;
    m[7] = -0.2;
    m[11] = 0.5;
    CameraCalibration calibration = new CameraCalibration(K, new RigidTransform(m));
    // LiDAR (10, 0, 0) -> camera (0.1, -0.2, 10.5): u = 10/10.5 + 50 = 50.95 -> 50,
    // v = -20/10.5 + 40 = 38.10 -> 38; depth is z = 10.5, not the range sqrt(0.05 + 110.25).
    DepthImage depth = projector.project(new float[] {10, 0, 0, 0.7f}, 4, calibration);
    assertThat(depth.at(50, 38)).isEqualTo(10.5f);
    assertThat(depth.validCount()).isEqualTo(1);
  }

  @Test
  void refusesACalibrationPastThePixelBudgetBeforeAllocating() {
    // 40000 x 40000 = 1,600,000,000 floats, 6.4 GB: without the fence, an OutOfMemoryError.
    CameraCalibration huge =
        new CameraCalibration(
            new CameraIntrinsics(100, 100, 20000, 20000, 40000, 40000), new RigidTransform(AXES));
    assertThatThrownBy(() -> projector.project(new float[] {10, 0, 0}, 3, huge))
        .isInstanceOf(CalibrationRejectedException.class)
        .hasMessageContaining(
            "calibration image of 40000x40000 = 1600000000 pixels is past the projector's budget"
                + " of 16777216");

    // K is 100 x 80 = 8000 pixels: a budget of 7999 refuses it, 8000 admits it.
    LidarProjector tight = new LidarProjector(new ImageLimits(100, 100, 1 << 20, 7999, 1 << 20));
    assertThatThrownBy(() -> tight.project(new float[] {10, 0, 0}, 3, CALIBRATION))
        .isInstanceOf(CalibrationRejectedException.class)
        .hasMessageContaining("100x80 = 8000 pixels is past the projector's budget of 7999");
    LidarProjector exact = new LidarProjector(new ImageLimits(100, 100, 1 << 20, 8000, 1 << 20));
    assertThat(exact.project(new float[] {10, 0, 0}, 3, CALIBRATION).at(50, 40)).isEqualTo(10f);
  }

  @Test
  void rejectsNonFinitePointsNamingTheIndex() {
    float[] points = {10, 0, 0, 1, 10, 0, 0, 1, 10, Float.NaN, 0, 1};
    assertThatThrownBy(() -> projector.project(points, 4, CALIBRATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LiDAR point 2 of 3 is (10.0, NaN, 0.0)");

    float[] infinite = {Float.POSITIVE_INFINITY, 0, 0};
    assertThatThrownBy(() -> projector.project(infinite, 3, CALIBRATION))
        .hasMessageContaining("LiDAR point 0 of 1");
  }

  @Test
  void ignoresIntensity() {
    DepthImage depth = projector.project(new float[] {10, 0, 0, Float.NaN}, 4, CALIBRATION);
    assertThat(depth.at(50, 40)).isEqualTo(10f);
  }

  @Test
  void rejectsBadStridesAndPartialPoints() {
    assertThatThrownBy(() -> projector.project(new float[6], 2, CALIBRATION))
        .hasMessageContaining("stride must be 3 (x,y,z) or 4");
    assertThatThrownBy(() -> projector.project(new float[7], 3, CALIBRATION))
        .hasMessageContaining("7 floats is not a whole number of stride-3 points");
  }

  @Test
  void unpacksLittleEndianFloats() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(4f).putFloat(5f).putFloat(6f);
    assertThat(LidarProjector.unpack(b.array(), 3)).containsExactly(1.5f, -2f, 3.25f, 4f, 5f, 6f);
    assertThatThrownBy(() -> LidarProjector.unpack(new byte[20], 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20 bytes is not a whole number of 16-byte points");
  }

  @Test
  void theSparseFormHoldsTheDenseFormsDepthsAtItsPixels() {
    // A random cloud, many points per pixel (nearest wins), some behind or off the image.
    java.util.Random random = new java.util.Random(6);
    float[] points = new float[4 * 20_000];
    for (int i = 0; i < points.length; i += 4) {
      points[i] = -5 + 60 * random.nextFloat();
      points[i + 1] = -20 + 40 * random.nextFloat();
      points[i + 2] = -3 + 6 * random.nextFloat();
    }
    DepthImage dense = projector.project(points, 4, CALIBRATION);
    SparseDepth sparse = projector.projectSparse(points, 4, CALIBRATION);
    assertThat(sparse.count()).isPositive().isEqualTo(dense.validCount());
    assertThat(sparse.toImage().metres()).containsExactly(dense.metres());
  }
}
