package io.depthstream.core.synth;

/**
 * Procedural textures, evaluated at surface coordinates (u, v) in metres. Every pattern is box
 * filtered over the pixel's footprint on the surface, so distant windows, lane marks and tiles fade
 * to their average colour instead of shimmering between frames.
 */
enum Pattern {
  /** Paint with faint blotches. */
  PLAIN,
  /** Two colours mixed by fractal noise at {@code scale}: carpet, fabric, foliage, grass. */
  NOISE,
  /** Squares of side {@code scale} alternating base and accent. */
  CHECKER,
  /** Square tiles of side {@code scale} with accent-coloured grout. */
  TILES,
  /** Planks {@code scale} wide running along u, with grain and seams. */
  WOOD,
  /** Bricks {@code scale} high in running bond, accent mortar. */
  BRICK,
  /**
   * Stripes {@code scale} wide along u: alternating (param 0) or random hues, like book spines (1).
   */
  STRIPES,
  /**
   * A building front: window bays {@code scale} wide, 3 m storeys, shop windows at street level.
   */
  FACADE,
  /**
   * Asphalt with lane marks: lanes {@code scale} wide, {@code param} lanes each way, then parking.
   */
  ROAD,
  /** A window onto a bright day: glass panes {@code scale} wide in a base-coloured frame; unlit. */
  GLASS,
  /** A glowing lamp shade: its own colour with a faint mottle, unlit. */
  LAMP;

  static final double STOREY_METRES = 3.0;
  static final double PARKING_LANE_METRES = 2.2;

  /** Whether the surface emits its own colour (a window onto daylight) rather than being lit. */
  boolean emissive() {
    return this == GLASS || this == LAMP;
  }

  /**
   * Writes the surface colour (linear 0..1 per channel) at (u, v) into {@code out}.
   *
   * @param footprint the width in metres that one pixel covers on the surface there
   */
  void albedo(Material m, double u, double v, double footprint, double[] out) {
    double fp = Math.max(footprint, 1e-4);
    double s = m.scale();
    switch (this) {
      case PLAIN -> {
        double shade = 0.92 + 0.08 * ValueNoise.fractal(u * 3, v * 3, m.salt());
        mix(out, m.baseRgb(), m.baseRgb(), 0, shade);
      }
      case NOISE -> {
        double t = ValueNoise.fractal(u / s, v / s, m.salt());
        mix(out, m.baseRgb(), m.accentRgb(), clamp((t - 0.3) / 0.4), 1);
      }
      case CHECKER -> {
        double parity = ((long) Math.floor(u / s) + (long) Math.floor(v / s)) & 1L;
        double t = fp > s ? 0.5 : parity;
        mix(out, m.baseRgb(), m.accentRgb(), t, 0.95 + 0.05 * ValueNoise.noise(u * 5, v * 5, 7));
      }
      case TILES -> {
        double jitter =
            0.9 + 0.2 * ValueNoise.unit((int) Math.floor(u / s), (int) Math.floor(v / s), m.salt());
        double grout = union(stripe(u, s, 0.03 * s, fp), stripe(v, s, 0.03 * s, fp));
        mix(out, m.baseRgb(), m.baseRgb(), 0, jitter);
        blend(out, m.accentRgb(), m.accentRgb(), 0, 1, grout);
      }
      case WOOD -> wood(m, u, v, fp, out);
      case BRICK -> brick(m, u, v, fp, out);
      case STRIPES -> stripes(m, u, v, out);
      case FACADE -> facade(m, u, v, fp, out);
      case ROAD -> road(m, u, v, fp, out);
      case LAMP ->
          mix(out, m.baseRgb(), m.baseRgb(), 0, 0.95 + 0.05 * ValueNoise.noise(u * 8, v * 8, 3));
      case GLASS -> {
        double bars = union(stripe(u, s, 0.035, fp), stripe(v, s, 0.035, fp));
        double sky = 0.85 + 0.15 * clamp(v / (2 * s));
        mix(out, m.accentRgb(), m.accentRgb(), 0, sky);
        blend(out, m.baseRgb(), m.baseRgb(), 0, 1, bars);
      }
    }
  }

  private static void wood(Material m, double u, double v, double fp, double[] out) {
    double s = m.scale();
    int row = (int) Math.floor(v / s);
    double offset = ValueNoise.unit(row, 0, m.salt()) * 3.0;
    int col = (int) Math.floor((u + offset) / 1.5);
    double tone = 0.8 + 0.35 * ValueNoise.unit(row, col, m.salt());
    double grain = ValueNoise.fractal((u + offset) * 0.8, v / s * 6 + row * 13.1, m.salt() + 5);
    double seams = union(stripe(v, s, 0.004, fp), stripe(u + offset, 1.5, 0.004, fp));
    mix(out, m.baseRgb(), m.accentRgb(), clamp(grain * 1.4 - 0.3), tone * (1 - 0.5 * seams));
  }

  private static void brick(Material m, double u, double v, double fp, double[] out) {
    double h = m.scale();
    double len = 2.7 * h;
    int row = (int) Math.floor(v / h);
    double shifted = u + ((row & 1) == 0 ? 0 : len / 2);
    double tone = 0.82 + 0.3 * ValueNoise.unit((int) Math.floor(shifted / len), row, m.salt());
    double mortar = union(stripe(v, h, 0.08 * h, fp), stripe(shifted, len, 0.08 * h, fp));
    mix(out, m.baseRgb(), m.baseRgb(), 0, tone);
    blend(out, m.accentRgb(), m.accentRgb(), 0, 1, mortar);
  }

  private static void stripes(Material m, double u, double v, double[] out) {
    int i = (int) Math.floor(u / m.scale());
    if (m.param() == 0) {
      mix(out, m.baseRgb(), m.accentRgb(), i & 1, 1);
      return;
    }
    double shade = 0.55 + 0.45 * ValueNoise.unit(i, 3, m.salt());
    out[0] = shade * (0.15 + 0.8 * ValueNoise.unit(i, 0, m.salt()));
    out[1] = shade * (0.15 + 0.7 * ValueNoise.unit(i, 1, m.salt()));
    out[2] = shade * (0.15 + 0.7 * ValueNoise.unit(i, 2, m.salt()));
    // a dark band where shorter books stop
    double top = 0.75 + 0.25 * ValueNoise.unit(i, 4, m.salt());
    if (v > top * m.param()) {
      for (int c = 0; c < 3; c++) {
        out[c] *= 0.3;
      }
    }
  }

  private static void facade(Material m, double u, double v, double fp, double[] out) {
    double bay = m.scale();
    boolean street = v < STOREY_METRES;
    double glassU =
        street
            ? coverage(u, bay, 0.12 * bay, 0.88 * bay, fp)
            : coverage(u, bay, 0.28 * bay, 0.72 * bay, fp);
    double glassV =
        street
            ? coverage(v, STOREY_METRES, 0.4, 2.6, fp)
            : coverage(v, STOREY_METRES, 0.95, 2.35, fp);
    double frameU = coverage(u, bay, 0.24 * bay, 0.76 * bay, fp);
    double frameV = coverage(v, STOREY_METRES, 0.85, 2.45, fp);
    double glass = glassU * glassV;
    double frame = Math.max(0, frameU * frameV - glass);
    double wall = 0.9 + 0.12 * ValueNoise.fractal(u * 0.5, v * 0.5, m.salt());
    mix(out, m.baseRgb(), m.baseRgb(), 0, wall * (1 - 0.25 * frame));
    int wi = (int) Math.floor(u / bay);
    int fi = (int) Math.floor(v / STOREY_METRES);
    double lit = ValueNoise.unit(wi, fi, m.salt());
    double pane = 0.45 + 0.5 * lit + 0.25 * (v - fi * STOREY_METRES - 1) / 1.4;
    blend(out, m.accentRgb(), 0xF2F0E0, lit > 0.85 ? 0.6 : 0, clamp(pane), glass);
  }

  private static void road(Material m, double u, double v, double fp, double[] out) {
    double lane = m.scale();
    int lanes = (int) m.param();
    double edge = lanes * lane;
    double a = Math.abs(v);
    double grime = 0.82 + 0.3 * ValueNoise.fractal(u * 0.35, v * 0.7, m.salt());
    double grain = fp < 0.05 ? 0.94 + 0.12 * ValueNoise.noise(u * 25, v * 25, m.salt() + 9) : 1;
    double tracks =
        1 - 0.1 * band(mod(a, lane), 0.6, 1.2, fp) - 0.1 * band(mod(a, lane), 2.3, 2.9, fp);
    mix(out, m.baseRgb(), m.baseRgb(), 0, grime * grain * (a < edge ? tracks : 1));
    double paint = band(a, 0.06, 0.18, fp);
    for (int k = 1; k < lanes; k++) {
      paint += band(a, k * lane - 0.07, k * lane + 0.07, fp) * coverage(u, 12, 0, 4, fp);
    }
    paint += band(a, edge - 0.08, edge + 0.08, fp);
    paint +=
        band(a, edge, edge + PARKING_LANE_METRES - 0.2, fp) * coverage(u, 6.5, -0.06, 0.06, fp);
    int block = (int) Math.floor(u / 80);
    double along = u - block * 80;
    if (ValueNoise.unit(block, 11, m.salt()) < 0.6 && a < edge) {
      paint += band(along, 2, 6, fp) * coverage(v, 1.0, 0, 0.55, fp);
    }
    double t = 0.9 * clamp(paint) * (0.85 + 0.15 * grime);
    blend(out, m.accentRgb(), m.accentRgb(), 0, 1, t);
  }

  /** Fraction of [x − fp/2, x + fp/2] covered by the intervals [a, b] + k·period. */
  static double coverage(double x, double period, double a, double b, double fp) {
    if (fp >= period) {
      return (b - a) / period;
    }
    double lo = x - fp / 2;
    double hi = x + fp / 2;
    long k0 = (long) Math.floor(lo / period) - 1;
    double covered = 0;
    for (long k = k0; k <= k0 + 2; k++) {
      double start = k * period + a;
      double end = k * period + b;
      covered += Math.max(0, Math.min(hi, end) - Math.max(lo, start));
    }
    return clamp(covered / fp);
  }

  /** Fraction of [x − fp/2, x + fp/2] inside the single interval [a, b]. */
  static double band(double x, double a, double b, double fp) {
    return clamp((Math.min(x + fp / 2, b) - Math.max(x - fp / 2, a)) / fp);
  }

  /** Coverage of lines of half-width {@code halfWidth} every {@code period} along x. */
  private static double stripe(double x, double period, double halfWidth, double fp) {
    return coverage(x, period, -halfWidth, halfWidth, fp);
  }

  private static double union(double a, double b) {
    return a + b - a * b;
  }

  private static double mod(double x, double m) {
    return x - Math.floor(x / m) * m;
  }

  static double clamp(double x) {
    return x < 0 ? 0 : (x > 1 ? 1 : x);
  }

  /** out = (base·(1−t) + accent·t)·shade, colours as 0xRRGGBB. */
  static void mix(double[] out, int base, int accent, double t, double shade) {
    for (int c = 0; c < 3; c++) {
      int shift = 16 - 8 * c;
      double b = ((base >> shift) & 0xFF) / 255.0;
      double a = ((accent >> shift) & 0xFF) / 255.0;
      out[c] = (b + (a - b) * t) * shade;
    }
  }

  /** out = out·(1−w) + mix(a, b, t)·shade·w: paints a colour over what is there. */
  static void blend(double[] out, int a, int b, double t, double shade, double w) {
    for (int c = 0; c < 3; c++) {
      int shift = 16 - 8 * c;
      double ca = ((a >> shift) & 0xFF) / 255.0;
      double cb = ((b >> shift) & 0xFF) / 255.0;
      out[c] = out[c] * (1 - w) + (ca + (cb - ca) * t) * shade * w;
    }
  }
}
