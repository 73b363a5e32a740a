package io.depthstream.core.synth;

/**
 * An infinite axis-aligned plane {@code p[axis] = offset}, visible only from the side its normal
 * ({@code ±axis}) points to: floors, ceilings and the walls of a room seen from inside.
 */
record Plane(int axis, double offset, boolean facesPositive, Material material)
    implements Primitive {

  Plane {
    if (axis < 0 || axis > 2) {
      throw new IllegalArgumentException("plane axis must be 0, 1 or 2, got " + axis);
    }
  }

  @Override
  public double intersect(double ox, double oy, double oz, double dx, double dy, double dz) {
    double o = axis == 0 ? ox : (axis == 1 ? oy : oz);
    double d = axis == 0 ? dx : (axis == 1 ? dy : dz);
    double side = facesPositive ? 1 : -1;
    if ((o - offset) * side <= 0 || d * side >= 0) {
      return Double.POSITIVE_INFINITY;
    }
    double t = (offset - o) / d;
    return t > MIN_T ? t : Double.POSITIVE_INFINITY;
  }

  @Override
  public void describe(double px, double py, double pz, SurfacePoint out) {
    double n = facesPositive ? 1 : -1;
    switch (axis) {
      case 0 -> out.set(n, 0, 0, py, pz);
      case 1 -> out.set(0, n, 0, px, pz);
      default -> out.set(0, 0, n, px, py);
    }
  }

  @Override
  public Bounds bounds() {
    return null;
  }
}
