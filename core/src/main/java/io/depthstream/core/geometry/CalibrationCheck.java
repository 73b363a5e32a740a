package io.depthstream.core.geometry;

import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import java.util.Locale;

/**
 * Turns the numbers of a camera calibration received from outside (the {@code sensor.calibration}
 * topic, a file) into a {@link CameraCalibration}, or refuses them with a {@link
 * CalibrationRejectedException} naming the field, the value and the fix. A calibration decides how
 * large a depth map {@link LidarProjector} allocates, so its image size goes through the same
 * {@link ImageLimits} as a decoded frame: a stranger's 40000×40000 costs a refusal, not the heap.
 *
 * <p>Checked: every number finite; focal lengths positive; the image size positive and within the
 * limits (per axis and the pixel budget); the principal point within one image of the image; the
 * extrinsic exactly 12 values, row-major 3×4 [R|t], whose R is a rotation (orthonormal, determinant
 * +1). The translation is only required to be finite: a rig's lever arms have no natural bound.
 */
public final class CalibrationCheck {

  /**
   * Largest entry of |RᵀR − I| and largest |det R − 1| accepted. Far above the 1e-6 or so that
   * calibration files printed to six decimals are off by, far below any scale or shear someone
   * meant: a 1% scale on one axis already deviates by 0.02.
   */
  public static final double ROTATION_TOLERANCE = 1e-3;

  /**
   * How far outside the image the principal point may lie, in image sizes. Cropped or off-axis
   * lenses put it off-centre, never a whole image away; that is intrinsics for another resolution.
   */
  public static final double PRINCIPAL_POINT_SPAN = 1.0;

  private static final int MATRIX_VALUES = 12;

  private CalibrationCheck() {}

  /**
   * The calibration these numbers describe, checked.
   *
   * @param lidarToCamera3x4 row-major 3×4 [R|t] taking LiDAR points to the camera frame, as {@link
   *     RigidTransform} stores it (KITTI's {@code Tr_velo_to_cam})
   * @param limits the image limits the calibration's image size must respect
   * @throws CalibrationRejectedException naming the first field at fault
   */
  public static CameraCalibration validated(
      double fx,
      double fy,
      double cx,
      double cy,
      int width,
      int height,
      double[] lidarToCamera3x4,
      ImageLimits limits) {
    requireFocalLength("fx", fx);
    requireFocalLength("fy", fy);
    requireSize(width, height, limits);
    requirePrincipalPoint("cx", cx, width, "width");
    requirePrincipalPoint("cy", cy, height, "height");
    requireRigid(lidarToCamera3x4);
    return new CameraCalibration(
        new CameraIntrinsics(fx, fy, cx, cy, width, height), new RigidTransform(lidarToCamera3x4));
  }

  private static void requireFocalLength(String field, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new CalibrationRejectedException(
          field,
          "calibration "
              + field
              + " is "
              + value
              + "; a focal length must be a finite positive number of pixels (KITTI's is about"
              + " 721)");
    }
  }

  private static void requireSize(int width, int height, ImageLimits limits) {
    if (width <= 0 || height <= 0) {
      String field = width <= 0 ? "width" : "height";
      throw new CalibrationRejectedException(
          field,
          "calibration "
              + field
              + " is "
              + (width <= 0 ? width : height)
              + "; the image size must be a positive number of pixels");
    }
    try {
      limits.checkDimensions("calibration width x height", width, height);
    } catch (ImageRejectedException e) {
      throw new CalibrationRejectedException("width x height", e.getMessage(), e);
    }
  }

  private static void requirePrincipalPoint(String field, double value, int size, String axis) {
    double low = -PRINCIPAL_POINT_SPAN * size;
    double high = (1 + PRINCIPAL_POINT_SPAN) * size;
    if (!(value >= low && value <= high)) {
      throw new CalibrationRejectedException(
          field,
          "calibration "
              + field
              + " is "
              + value
              + " for an image "
              + size
              + " pixels in "
              + axis
              + "; the principal point must be finite and in ["
              + low
              + ", "
              + high
              + "], are these intrinsics for another resolution? scale them to the image sent");
    }
  }

  private static void requireRigid(double[] m) {
    if (m == null || m.length != MATRIX_VALUES) {
      throw new CalibrationRejectedException(
          "lidarToCamera",
          "calibration lidarToCamera has "
              + (m == null ? "no" : m.length)
              + " values; it needs 12, the row-major 3x4 [R|t] of KITTI's Tr_velo_to_cam");
    }
    for (int i = 0; i < m.length; i++) {
      if (!Double.isFinite(m[i])) {
        String field = "lidarToCamera[" + i + "]";
        throw new CalibrationRejectedException(
            field,
            "calibration "
                + field
                + " (row "
                + i / 4
                + ", column "
                + i % 4
                + ") is "
                + m[i]
                + "; every entry of the extrinsic must be finite");
      }
    }
    double deviation = orthonormalityDeviation(m);
    if (deviation > ROTATION_TOLERANCE) {
      throw new CalibrationRejectedException(
          "lidarToCamera",
          "calibration lidarToCamera rotation (columns 0-2) is not orthonormal: R^T R differs"
              + " from I by up to "
              + format(deviation)
              + ", tolerance "
              + ROTATION_TOLERANCE
              + "; send a pure rotation, without scale or shear, and the translation in metres"
              + " in column 3");
    }
    double det = determinant(m);
    if (Math.abs(det - 1) > ROTATION_TOLERANCE) {
      throw new CalibrationRejectedException(
          "lidarToCamera",
          "calibration lidarToCamera rotation has determinant "
              + format(det)
              + ", a rotation has +1 (tolerance "
              + ROTATION_TOLERANCE
              + ")"
              + (det < 0
                  ? "; -1 is a reflection, one axis is mirrored: check the axis convention"
                      + " (camera x right, y down, z forward)"
                  : ""));
    }
  }

  /** Largest |(RᵀR − I)ᵢⱼ| of the rotation block of a row-major 3×4 matrix. */
  static double orthonormalityDeviation(double[] m) {
    double worst = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double dot = m[i] * m[j] + m[4 + i] * m[4 + j] + m[8 + i] * m[8 + j];
        worst = Math.max(worst, Math.abs(dot - (i == j ? 1 : 0)));
      }
    }
    return worst;
  }

  /** Determinant of the rotation block of a row-major 3×4 matrix. */
  static double determinant(double[] m) {
    return m[0] * (m[5] * m[10] - m[6] * m[9])
        - m[1] * (m[4] * m[10] - m[6] * m[8])
        + m[2] * (m[4] * m[9] - m[5] * m[8]);
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
