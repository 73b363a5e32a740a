package io.depthstream.core.geometry;

/**
 * Pinhole intrinsics of a camera for images of {@code width × height} pixels: focal lengths and
 * principal point in pixels. A point (X, Y, Z) in the camera frame (x right, y down, z forward)
 * lands on pixel (fx·X/Z + cx, fy·Y/Z + cy).
 */
public record CameraIntrinsics(double fx, double fy, double cx, double cy, int width, int height) {

  public CameraIntrinsics {
    if (!(fx > 0) || !(fy > 0)) {
      throw new IllegalArgumentException(
          "focal lengths must be positive, got fx=" + fx + " fy=" + fy);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
  }

  /** Intrinsics for a horizontal field of view in degrees, principal point at the centre. */
  public static CameraIntrinsics fromHorizontalFov(double fovDegrees, int width, int height) {
    double f = (width / 2.0) / Math.tan(Math.toRadians(fovDegrees) / 2.0);
    return new CameraIntrinsics(f, f, width / 2.0, height / 2.0, width, height);
  }
}
