package io.depthstream.core.synth;

/**
 * Integer hashing and smooth value noise for procedural textures. Pure functions of their inputs,
 * so a texture looks the same on every machine and every frame.
 */
final class ValueNoise {

  private ValueNoise() {}

  /** A well-mixed 32-bit hash of two lattice coordinates and a salt (murmur3's finaliser). */
  static int hash(int x, int y, int salt) {
    int h = x * 0x27d4eb2d ^ y * 0x165667b1 ^ salt * 0x9e3779b9;
    h ^= h >>> 15;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** A hash mapped to [0, 1). */
  static double unit(int x, int y, int salt) {
    return (hash(x, y, salt) >>> 8) / (double) (1 << 24);
  }

  /** Smoothly interpolated lattice noise in [0, 1). */
  static double noise(double x, double y, int salt) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    int ix = (int) fx;
    int iy = (int) fy;
    double tx = smooth(x - fx);
    double ty = smooth(y - fy);
    double a = unit(ix, iy, salt);
    double b = unit(ix + 1, iy, salt);
    double c = unit(ix, iy + 1, salt);
    double d = unit(ix + 1, iy + 1, salt);
    return lerp(lerp(a, b, tx), lerp(c, d, tx), ty);
  }

  /** Three octaves of noise, for stains, grain and foliage. */
  static double fractal(double x, double y, int salt) {
    return 0.5 * noise(x, y, salt)
        + 0.3 * noise(2.03 * x, 2.03 * y, salt + 1)
        + 0.2 * noise(4.11 * x, 4.11 * y, salt + 2);
  }

  static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }
}
