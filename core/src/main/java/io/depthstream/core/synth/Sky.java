package io.depthstream.core.synth;

/**
 * An outdoor sky: a gradient from a hazy horizon to the zenith with soft clouds, and aerial
 * perspective that fades distant surfaces towards the horizon colour over {@code fogMetres}.
 */
record Sky(int horizonRgb, int zenithRgb, double fogMetres, int salt) {

  /** Colour seen along direction d (any length). */
  void colour(double dx, double dy, double dz, double[] out) {
    double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    double elevation = Math.max(0, dz / len);
    Pattern.mix(out, horizonRgb, zenithRgb, Math.sqrt(elevation), 1);
    if (elevation > 0.01) {
      // clouds painted on a plane 1 km up
      double u = dx / dz * 1.2;
      double v = dy / dz * 1.2;
      double cloud = Pattern.clamp((ValueNoise.fractal(u, v, salt) - 0.45) * 3) * 0.8;
      cloud *= Pattern.clamp(elevation * 8);
      for (int c = 0; c < 3; c++) {
        out[c] = out[c] * (1 - cloud) + 0.97 * cloud;
      }
    }
  }

  /** Fades a surface colour seen at {@code distance} metres towards the horizon. */
  void fog(double distance, double[] rgb) {
    double f = 1 - StrictMath.exp(-distance / fogMetres);
    for (int c = 0; c < 3; c++) {
      double h = ((horizonRgb >> (16 - 8 * c)) & 0xFF) / 255.0;
      rgb[c] = rgb[c] * (1 - f) + h * f;
    }
  }
}
