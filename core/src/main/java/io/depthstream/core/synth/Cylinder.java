package io.depthstream.core.synth;

/**
 * An upright capped cylinder from {@code z0} to {@code z1}: poles, tree trunks, table legs, pots.
 */
record Cylinder(double cx, double cy, double radius, double z0, double z1, Material material)
    implements Primitive {

  Cylinder {
    if (!(radius > 0) || !(z1 > z0)) {
      throw new IllegalArgumentException(
          "cylinder needs radius > 0 and z1 > z0, got r=" + radius + " z0=" + z0 + " z1=" + z1);
    }
  }

  @Override
  public double intersect(double ox, double oy, double oz, double dx, double dy, double dz) {
    double best = Double.POSITIVE_INFINITY;
    double ex = ox - cx;
    double ey = oy - cy;
    double a = dx * dx + dy * dy;
    if (a > 0) {
      double b = ex * dx + ey * dy;
      double c = ex * ex + ey * ey - radius * radius;
      double disc = b * b - a * c;
      if (disc >= 0) {
        double root = Math.sqrt(disc);
        best = sideHit((-b - root) / a, oz, dz);
        if (best == Double.POSITIVE_INFINITY) {
          best = sideHit((-b + root) / a, oz, dz);
        }
      }
    }
    if (dz != 0) {
      best = Math.min(best, capHit((z1 - oz) / dz, ex, ey, dx, dy));
      best = Math.min(best, capHit((z0 - oz) / dz, ex, ey, dx, dy));
    }
    return best;
  }

  private double sideHit(double t, double oz, double dz) {
    if (t <= MIN_T) {
      return Double.POSITIVE_INFINITY;
    }
    double z = oz + t * dz;
    return z >= z0 && z <= z1 ? t : Double.POSITIVE_INFINITY;
  }

  private double capHit(double t, double ex, double ey, double dx, double dy) {
    if (t <= MIN_T) {
      return Double.POSITIVE_INFINITY;
    }
    double x = ex + t * dx;
    double y = ey + t * dy;
    return x * x + y * y <= radius * radius ? t : Double.POSITIVE_INFINITY;
  }

  @Override
  public void describe(double px, double py, double pz, SurfacePoint out) {
    double ex = px - cx;
    double ey = py - cy;
    double radial = Math.sqrt(ex * ex + ey * ey);
    double toSide = Math.abs(radial - radius);
    if (Math.abs(pz - z1) < toSide) {
      out.set(0, 0, 1, ex, ey);
    } else if (Math.abs(pz - z0) < toSide) {
      out.set(0, 0, -1, ex, ey);
    } else {
      double inv = radial > 0 ? 1 / radial : 0;
      out.set(ex * inv, ey * inv, 0, StrictMath.atan2(ey, ex) * radius, pz - z0);
    }
  }

  @Override
  public Bounds bounds() {
    return new Bounds(cx - radius, cy - radius, z0, cx + radius, cy + radius, z1);
  }
}
