package io.depthstream.core.synth;

/**
 * A capped cylinder whose axis runs along world axis {@code axis} (0 = x, 1 = y, 2 = z) from {@code
 * h0} to {@code h1}, centred at ({@code ca}, {@code cb}) in the other two coordinates taken in
 * cyclic order (y, z for an x axis; z, x for a y axis; x, y for upright ones): poles, tree trunks,
 * table legs and pots stand upright, car wheels lie along y.
 */
record Cylinder(
    int axis, double ca, double cb, double radius, double h0, double h1, Material material)
    implements Primitive {

  Cylinder {
    if (axis < 0 || axis > 2 || !(radius > 0) || !(h1 > h0)) {
      throw new IllegalArgumentException(
          "cylinder needs axis 0..2, radius > 0 and h1 > h0, got axis="
              + axis
              + " r="
              + radius
              + " h0="
              + h0
              + " h1="
              + h1);
    }
  }

  /** An upright cylinder standing on (cx, cy) from height z0 to z1. */
  Cylinder(double cx, double cy, double radius, double z0, double z1, Material material) {
    this(2, cx, cy, radius, z0, z1, material);
  }

  @Override
  public double intersect(double ox, double oy, double oz, double dx, double dy, double dz) {
    return switch (axis) {
      case 0 -> intersectLocal(oy, oz, ox, dy, dz, dx);
      case 1 -> intersectLocal(oz, ox, oy, dz, dx, dy);
      default -> intersectLocal(ox, oy, oz, dx, dy, dz);
    };
  }

  /** Intersection in coordinates where the axis is the third one. */
  private double intersectLocal(double oa, double ob, double oc, double da, double db, double dc) {
    double best = Double.POSITIVE_INFINITY;
    double ea = oa - ca;
    double eb = ob - cb;
    double a = da * da + db * db;
    if (a > 0) {
      double b = ea * da + eb * db;
      double c = ea * ea + eb * eb - radius * radius;
      double disc = b * b - a * c;
      if (disc >= 0) {
        double root = Math.sqrt(disc);
        best = sideHit((-b - root) / a, oc, dc);
        if (best == Double.POSITIVE_INFINITY) {
          best = sideHit((-b + root) / a, oc, dc);
        }
      }
    }
    if (dc != 0) {
      best = Math.min(best, capHit((h1 - oc) / dc, ea, eb, da, db));
      best = Math.min(best, capHit((h0 - oc) / dc, ea, eb, da, db));
    }
    return best;
  }

  private double sideHit(double t, double oc, double dc) {
    if (t <= MIN_T) {
      return Double.POSITIVE_INFINITY;
    }
    double h = oc + t * dc;
    return h >= h0 && h <= h1 ? t : Double.POSITIVE_INFINITY;
  }

  private double capHit(double t, double ea, double eb, double da, double db) {
    if (t <= MIN_T) {
      return Double.POSITIVE_INFINITY;
    }
    double a = ea + t * da;
    double b = eb + t * db;
    return a * a + b * b <= radius * radius ? t : Double.POSITIVE_INFINITY;
  }

  @Override
  public void describe(double px, double py, double pz, SurfacePoint out) {
    switch (axis) {
      case 0 -> {
        describeLocal(py, pz, px, out);
        out.set(out.nz, out.nx, out.ny, out.u, out.v);
      }
      case 1 -> {
        describeLocal(pz, px, py, out);
        out.set(out.ny, out.nz, out.nx, out.u, out.v);
      }
      default -> describeLocal(px, py, pz, out);
    }
  }

  /** Normal (as nx, ny, nz = a, b, axis) and texture coordinates in local coordinates. */
  private void describeLocal(double pa, double pb, double pc, SurfacePoint out) {
    double ea = pa - ca;
    double eb = pb - cb;
    double radial = Math.sqrt(ea * ea + eb * eb);
    double toSide = Math.abs(radial - radius);
    double toTop = Math.abs(pc - h1);
    double toBottom = Math.abs(pc - h0);
    if (toTop < toSide && toTop <= toBottom) {
      out.set(0, 0, 1, ea, eb);
    } else if (toBottom < toSide) {
      out.set(0, 0, -1, ea, eb);
    } else {
      double inv = radial > 0 ? 1 / radial : 0;
      out.set(ea * inv, eb * inv, 0, StrictMath.atan2(eb, ea) * radius, pc - h0);
    }
  }

  @Override
  public Bounds bounds() {
    return switch (axis) {
      case 0 -> new Bounds(h0, ca - radius, cb - radius, h1, ca + radius, cb + radius);
      case 1 -> new Bounds(cb - radius, h0, ca - radius, cb + radius, h1, ca + radius);
      default -> new Bounds(ca - radius, cb - radius, h0, ca + radius, cb + radius, h1);
    };
  }
}
