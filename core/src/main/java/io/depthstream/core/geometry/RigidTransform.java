package io.depthstream.core.geometry;

import java.util.Arrays;

/**
 * A rotation and translation taking points from one sensor frame to another, e.g. LiDAR → camera.
 * Stored as a row-major 3×4 matrix [R | t], the layout of KITTI's {@code Tr_velo_to_cam}.
 */
public record RigidTransform(double[] matrix3x4) {

  public RigidTransform {
    if (matrix3x4 == null || matrix3x4.length != 12) {
      throw new IllegalArgumentException(
          "a rigid transform needs 12 values (row-major 3x4 [R|t]), got "
              + (matrix3x4 == null ? "null" : matrix3x4.length));
    }
    matrix3x4 = matrix3x4.clone();
  }

  public static RigidTransform identity() {
    return new RigidTransform(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
  }

  @Override
  public double[] matrix3x4() {
    return matrix3x4.clone();
  }

  /** Applies the transform to (x, y, z), writing the result into {@code out[0..2]}. */
  public void apply(double x, double y, double z, double[] out) {
    double[] m = matrix3x4;
    out[0] = m[0] * x + m[1] * y + m[2] * z + m[3];
    out[1] = m[4] * x + m[5] * y + m[6] * z + m[7];
    out[2] = m[8] * x + m[9] * y + m[10] * z + m[11];
  }

  /** The inverse transform: [Rᵀ | −Rᵀt]. */
  public RigidTransform inverse() {
    double[] m = matrix3x4;
    double[] r = new double[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        r[i * 4 + j] = m[j * 4 + i];
      }
    }
    for (int i = 0; i < 3; i++) {
      r[i * 4 + 3] = -(r[i * 4] * m[3] + r[i * 4 + 1] * m[7] + r[i * 4 + 2] * m[11]);
    }
    return new RigidTransform(r);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RigidTransform t && Arrays.equals(matrix3x4, t.matrix3x4);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(matrix3x4);
  }

  @Override
  public String toString() {
    return "RigidTransform" + Arrays.toString(matrix3x4);
  }
}
