package io.depthstream.core.synth;

/** A sphere: tree crowns, lamp globes, the odd ball on a shelf. */
record Sphere(double cx, double cy, double cz, double radius, Material material)
    implements Primitive {

  @Override
  public double intersect(double ox, double oy, double oz, double dx, double dy, double dz) {
    double ex = ox - cx;
    double ey = oy - cy;
    double ez = oz - cz;
    double a = dx * dx + dy * dy + dz * dz;
    double b = ex * dx + ey * dy + ez * dz;
    double c = ex * ex + ey * ey + ez * ez - radius * radius;
    double disc = b * b - a * c;
    if (disc < 0) {
      return Double.POSITIVE_INFINITY;
    }
    double root = Math.sqrt(disc);
    double t = (-b - root) / a;
    if (t > MIN_T) {
      return t;
    }
    t = (-b + root) / a;
    return t > MIN_T ? t : Double.POSITIVE_INFINITY;
  }

  @Override
  public void describe(double px, double py, double pz, SurfacePoint out) {
    double nx = (px - cx) / radius;
    double ny = (py - cy) / radius;
    double nz = (pz - cz) / radius;
    out.set(nx, ny, nz, StrictMath.atan2(ny, nx) * radius, pz - cz);
  }

  @Override
  public Bounds bounds() {
    return new Bounds(cx - radius, cy - radius, cz - radius, cx + radius, cy + radius, cz + radius);
  }
}
