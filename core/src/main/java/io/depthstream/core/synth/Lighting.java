package io.depthstream.core.synth;

/**
 * Lambert shading plus ambient light: either a sun (a direction towards it) or a lamp (a position,
 * with falloff over distance). Returns how bright a surface is, 1 meaning its albedo as painted.
 */
record Lighting(
    boolean sun,
    double lx,
    double ly,
    double lz,
    double ambient,
    double strength,
    double falloffMetres) {

  /** Sunlight from the given elevation and azimuth (radians, azimuth from +x towards +y). */
  static Lighting sun(double elevation, double azimuth, double ambient, double strength) {
    double c = StrictMath.cos(elevation);
    return new Lighting(
        true,
        c * StrictMath.cos(azimuth),
        c * StrictMath.sin(azimuth),
        StrictMath.sin(elevation),
        ambient,
        strength,
        0);
  }

  /** A lamp at (x, y, z) whose light halves at {@code falloffMetres}. */
  static Lighting lamp(
      double x, double y, double z, double ambient, double strength, double falloffMetres) {
    return new Lighting(false, x, y, z, ambient, strength, falloffMetres);
  }

  /** Brightness of a surface at p with unit normal n, where nothing blocks the light. */
  double irradiance(double px, double py, double pz, double nx, double ny, double nz) {
    return ambient(nz) + direct(px, py, pz, nx, ny, nz);
  }

  /** Light that reaches everywhere, a little more on surfaces facing up (sky) or down (floor). */
  double ambient(double nz) {
    // outdoors, surfaces facing the sky get more of it than those facing the ground
    return sun ? ambient * (0.75 + 0.25 * nz) : ambient * (0.85 + 0.15 * Math.abs(nz));
  }

  /** Light straight from the sun or lamp (Lambert's cosine law, lamps fading with distance). */
  double direct(double px, double py, double pz, double nx, double ny, double nz) {
    if (sun) {
      return strength * Math.max(0, nx * lx + ny * ly + nz * lz);
    }
    double vx = lx - px;
    double vy = ly - py;
    double vz = lz - pz;
    double dist = Math.sqrt(vx * vx + vy * vy + vz * vz);
    double lambert = Math.max(0, (nx * vx + ny * vy + nz * vz) / dist);
    double r = dist / falloffMetres;
    return strength * lambert / (1 + r * r);
  }
}
