package io.depthstream.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.ImageLimits;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CalibrationCheckTest {

  // KITTI 2011_09_26, camera 2: P2's intrinsics at 1242x375 and Tr_velo_to_cam as printed.
  private static final double FX = 721.5377;
  private static final double FY = 721.5377;
  private static final double CX = 609.5593;
  private static final double CY = 172.854;
  private static final double[] KITTI_VELO_TO_CAM = {
    7.533745e-03, -9.999714e-01, -6.166020e-04, -4.069766e-03,
    1.480249e-02, 7.280733e-04, -9.998902e-01, -7.631618e-02,
    9.998621e-01, 7.523790e-03, 1.480755e-02, -2.717806e-01
  };
  private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};

  private static final ImageLimits LIMITS = ImageLimits.DEFAULTS;

  @Test
  void aKittiCalibrationPassesUnchanged() {
    CameraCalibration calibration = kitti(KITTI_VELO_TO_CAM);
    assertThat(calibration.intrinsics()).isEqualTo(new CameraIntrinsics(FX, FY, CX, CY, 1242, 375));
    assertThat(calibration.lidarToCamera()).isEqualTo(new RigidTransform(KITTI_VELO_TO_CAM));
  }

  @Test
  void theIdentityAndARotationAboutYPass() {
    assertThat(kitti(IDENTITY).lidarToCamera()).isEqualTo(RigidTransform.identity());
    // 30 degrees about y: [[c, 0, s], [0, 1, 0], [-s, 0, c]], c = sqrt(3)/2, s = 1/2;
    // RᵀR = I because c² + s² = 1, det = c·c + s·s = 1. Translation 0.27 m forward.
    double c = Math.sqrt(3) / 2;
    double s = 0.5;
    double[] rotated = {c, 0, s, 0, 0, 1, 0, 0, -s, 0, c, 0.27};
    assertThat(kitti(rotated).lidarToCamera()).isEqualTo(new RigidTransform(rotated));
  }

  @Test
  void refusesNonFiniteAndNonPositiveFocalLengths() {
    assertRefused(
        () -> CalibrationCheck.validated(Double.NaN, FY, CX, CY, 1242, 375, IDENTITY, LIMITS),
        "fx",
        "calibration fx is NaN; a focal length must be a finite positive number of pixels");
    assertRefused(
        () -> CalibrationCheck.validated(FX, -721.5, CX, CY, 1242, 375, IDENTITY, LIMITS),
        "fy",
        "calibration fy is -721.5");
    assertRefused(
        () ->
            CalibrationCheck.validated(
                Double.POSITIVE_INFINITY, FY, CX, CY, 1242, 375, IDENTITY, LIMITS),
        "fx",
        "calibration fx is Infinity");
  }

  @Test
  void refusesAnInfiniteMatrixEntryNamingItsPlace() {
    double[] m = KITTI_VELO_TO_CAM.clone();
    m[7] = Double.NEGATIVE_INFINITY; // row 1, column 3: the y translation
    assertRefused(
        () -> kitti(m),
        "lidarToCamera[7]",
        "calibration lidarToCamera[7] (row 1, column 3) is -Infinity; every entry of the"
            + " extrinsic must be finite");
  }

  @Test
  void refusesImageSizesPastEachAxisAndPastThePixelBudget() {
    assertRefused(
        () -> CalibrationCheck.validated(FX, FY, 20000, 20000, 40000, 40000, IDENTITY, LIMITS),
        "width x height",
        "calibration width x height declares 40000x40000, limit is 8192x8192"
            + " (raise depthstream.image.max-width/height if intended)");
    // 8192 x 8192 = 67,108,864 pixels: within both axes, four times the 16,777,216 budget.
    assertRefused(
        () -> CalibrationCheck.validated(FX, FY, 4096, 4096, 8192, 8192, IDENTITY, LIMITS),
        "width x height",
        "calibration width x height declares 8192x8192 = 67108864 pixels, limit is 16777216"
            + " (raise depthstream.image.max-pixels if intended)");
    assertRefused(
        () -> CalibrationCheck.validated(FX, FY, CX, CY, 0, 375, IDENTITY, LIMITS),
        "width",
        "calibration width is 0; the image size must be a positive number of pixels");
  }

  @Test
  void refusesAPrincipalPointMoreThanAnImageAway() {
    // Width 1242: cx must lie in [-1242, 2 x 1242 = 2484].
    assertRefused(
        () -> CalibrationCheck.validated(FX, FY, 2484.5, CY, 1242, 375, IDENTITY, LIMITS),
        "cx",
        "calibration cx is 2484.5 for an image 1242 pixels in width; the principal point must"
            + " be finite and in [-1242.0, 2484.0]");
    assertRefused(
        () -> CalibrationCheck.validated(FX, FY, CX, Double.NaN, 1242, 375, IDENTITY, LIMITS),
        "cy",
        "calibration cy is NaN for an image 375 pixels in height");
    // Off-centre within the span is a real lens (or a crop), and passes.
    assertThat(
            CalibrationCheck.validated(FX, FY, -1242, 750, 1242, 375, IDENTITY, LIMITS)
                .intrinsics()
                .cx())
        .isEqualTo(-1242);
  }

  @Test
  void refusesARotationWithScale() {
    // Scale 1.1 on x: RᵀR = diag(1.21, 1, 1), off I by 0.21.
    double[] scaled = {1.1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    assertRefused(
        () -> kitti(scaled),
        "lidarToCamera",
        "calibration lidarToCamera rotation (columns 0-2) is not orthonormal: R^T R differs"
            + " from I by up to 0.2100, tolerance 0.001; send a pure rotation");
  }

  @Test
  void refusesAReflection() {
    // diag(1, 1, -1): RᵀR = I exactly, det = -1.
    double[] mirrored = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0};
    assertRefused(
        () -> kitti(mirrored),
        "lidarToCamera",
        "calibration lidarToCamera rotation has determinant -1.000, a rotation has +1"
            + " (tolerance 0.001); -1 is a reflection, one axis is mirrored");
  }

  @Test
  void theDeterminantCatchesAUniformScaleTheOrthonormalityToleranceLetsThrough() {
    // 1.0004 on every axis: RᵀR = 1.00080016·I, off by 0.0008 (within 0.001);
    // det = 1.0004³ = 1.0012004801, off by 0.0012 (past 0.001).
    double k = 1.0004;
    double[] uniform = {k, 0, 0, 0, 0, k, 0, 0, 0, 0, k, 0};
    assertRefused(
        () -> kitti(uniform),
        "lidarToCamera",
        "calibration lidarToCamera rotation has determinant 1.001, a rotation has +1");
  }

  @Test
  void refusesAMatrixOfTheWrongLength() {
    assertRefused(
        () -> kitti(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}),
        "lidarToCamera",
        "calibration lidarToCamera has 9 values; it needs 12, the row-major 3x4 [R|t]");
    assertRefused(() -> kitti(null), "lidarToCamera", "calibration lidarToCamera has no values");
  }

  @Test
  void aRefusalIsAnIllegalArgument() {
    // Callers that already dead-letter a bad calibration's IllegalArgumentException keep working.
    assertThatThrownBy(() -> kitti(null)).isInstanceOf(IllegalArgumentException.class);
  }

  private static CameraCalibration kitti(double[] lidarToCamera) {
    return CalibrationCheck.validated(FX, FY, CX, CY, 1242, 375, lidarToCamera, LIMITS);
  }

  private static void assertRefused(ThrowingCallable call, String field, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(CalibrationRejectedException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((CalibrationRejectedException) e).field())
        .isEqualTo(field);
  }
}
