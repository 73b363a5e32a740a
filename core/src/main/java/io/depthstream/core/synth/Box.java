package io.depthstream.core.synth;

/**
 * A box with half-extents (hx, hy, hz) about its centre, turned by {@code yaw} radians about the
 * vertical: buildings, furniture, car bodies. Texture coordinates run from the box's local minimum
 * corner, so window grids start at a building's edge.
 */
final class Box implements Primitive {

  private final double cx;
  private final double cy;
  private final double cz;
  private final double hx;
  private final double hy;
  private final double hz;
  private final double yaw;
  // cached because every intersection of a turned box needs them
  private final double cos;
  private final double sin;
  private final Material material;

  Box(double cx, double cy, double cz, double hx, double hy, double hz, double yaw, Material m) {
    if (!(hx > 0) || !(hy > 0) || !(hz > 0)) {
      throw new IllegalArgumentException(
          "box half-extents must be positive, got " + hx + ", " + hy + ", " + hz);
    }
    this.cx = cx;
    this.cy = cy;
    this.cz = cz;
    this.hx = hx;
    this.hy = hy;
    this.hz = hz;
    this.yaw = yaw;
    this.cos = yaw == 0 ? 1 : StrictMath.cos(yaw);
    this.sin = yaw == 0 ? 0 : StrictMath.sin(yaw);
    this.material = m;
  }

  @Override
  public Material material() {
    return material;
  }

  /** An axis-aligned box between two corners. */
  static Box between(
      double x0, double y0, double z0, double x1, double y1, double z1, Material material) {
    return new Box(
        (x0 + x1) / 2,
        (y0 + y1) / 2,
        (z0 + z1) / 2,
        Math.abs(x1 - x0) / 2,
        Math.abs(y1 - y0) / 2,
        Math.abs(z1 - z0) / 2,
        0,
        material);
  }

  /**
   * A box turned by {@code yaw}; quarter turns become axis-aligned boxes with swapped extents,
   * which are cheaper to intersect.
   */
  static Box turned(
      double cx, double cy, double cz, double hx, double hy, double hz, double yaw, Material m) {
    double quarters = yaw / (Math.PI / 2);
    long q = Math.round(quarters);
    if (Math.abs(quarters - q) < 1e-9) {
      return (q & 1L) == 0
          ? new Box(cx, cy, cz, hx, hy, hz, 0, m)
          : new Box(cx, cy, cz, hy, hx, hz, 0, m);
    }
    return new Box(cx, cy, cz, hx, hy, hz, yaw, m);
  }

  @Override
  public double intersect(double ox, double oy, double oz, double dx, double dy, double dz) {
    double ex = ox - cx;
    double ey = oy - cy;
    double lx = ex;
    double ly = ey;
    double ldx = dx;
    double ldy = dy;
    if (yaw != 0) {
      double c = cos;
      double s = sin;
      lx = ex * c + ey * s;
      ly = -ex * s + ey * c;
      ldx = dx * c + dy * s;
      ldy = -dx * s + dy * c;
    }
    double lz = oz - cz;
    double near = Double.NEGATIVE_INFINITY;
    double far = Double.POSITIVE_INFINITY;
    // slab test, one axis at a time
    if (ldx == 0) {
      if (lx < -hx || lx > hx) {
        return Double.POSITIVE_INFINITY;
      }
    } else {
      double t0 = (-hx - lx) / ldx;
      double t1 = (hx - lx) / ldx;
      near = Math.max(near, Math.min(t0, t1));
      far = Math.min(far, Math.max(t0, t1));
    }
    if (ldy == 0) {
      if (ly < -hy || ly > hy) {
        return Double.POSITIVE_INFINITY;
      }
    } else {
      double t0 = (-hy - ly) / ldy;
      double t1 = (hy - ly) / ldy;
      near = Math.max(near, Math.min(t0, t1));
      far = Math.min(far, Math.max(t0, t1));
    }
    if (dz == 0) {
      if (lz < -hz || lz > hz) {
        return Double.POSITIVE_INFINITY;
      }
    } else {
      double t0 = (-hz - lz) / dz;
      double t1 = (hz - lz) / dz;
      near = Math.max(near, Math.min(t0, t1));
      far = Math.min(far, Math.max(t0, t1));
    }
    if (near > far || far <= MIN_T) {
      return Double.POSITIVE_INFINITY;
    }
    return near > MIN_T ? near : far;
  }

  @Override
  public void describe(double px, double py, double pz, SurfacePoint out) {
    double ex = px - cx;
    double ey = py - cy;
    double c = cos;
    double s = sin;
    double lx = ex * c + ey * s;
    double ly = -ex * s + ey * c;
    double lz = pz - cz;
    double fx = Math.abs(Math.abs(lx) - hx);
    double fy = Math.abs(Math.abs(ly) - hy);
    double fz = Math.abs(Math.abs(lz) - hz);
    if (fz <= fx && fz <= fy) {
      out.set(0, 0, Math.signum(lz), lx + hx, ly + hy);
    } else if (fx <= fy) {
      double sign = Math.signum(lx);
      out.set(sign * c, sign * s, 0, ly + hy, lz + hz);
    } else {
      double sign = Math.signum(ly);
      out.set(-sign * s, sign * c, 0, lx + hx, lz + hz);
    }
  }

  @Override
  public Bounds bounds() {
    double c = Math.abs(cos);
    double s = Math.abs(sin);
    double ex = hx * c + hy * s;
    double ey = hx * s + hy * c;
    return new Bounds(cx - ex, cy - ey, cz - hz, cx + ex, cy + ey, cz + hz);
  }
}
