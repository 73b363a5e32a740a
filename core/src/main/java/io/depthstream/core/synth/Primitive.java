package io.depthstream.core.synth;

/**
 * A solid the ray caster can hit. Rays are {@code o + t·d} with {@code d} of any length, so {@code
 * t} is measured in units of {@code |d|}: the camera passes {@code d} with unit z in the camera
 * frame and gets z-depth back directly.
 */
sealed interface Primitive permits Plane, Box, Cylinder, Sphere {

  /** Hits closer than this (in units of t) are ignored, so a ray never re-hits its own origin. */
  double MIN_T = 1e-6;

  Material material();

  /** The smallest t > {@link #MIN_T} at which the ray enters the surface, or +∞ if it misses. */
  double intersect(double ox, double oy, double oz, double dx, double dy, double dz);

  /** Normal and texture coordinates at a point on the surface. */
  void describe(double px, double py, double pz, SurfacePoint out);

  /** A box enclosing the primitive, or null when it is unbounded (a floor plane). */
  Bounds bounds();
}
