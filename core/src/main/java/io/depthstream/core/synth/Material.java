package io.depthstream.core.synth;

/**
 * How a surface looks: a procedural {@link Pattern} mixing a base and an accent colour (0xRRGGBB),
 * the pattern's size in metres, one pattern-specific parameter, and a salt that decorrelates the
 * noise of surfaces sharing a pattern.
 */
record Material(Pattern pattern, int baseRgb, int accentRgb, double scale, double param, int salt) {

  static Material of(Pattern pattern, int baseRgb, int accentRgb, double scale) {
    return new Material(pattern, baseRgb, accentRgb, scale, 0, 0);
  }

  static Material plain(int rgb) {
    return of(Pattern.PLAIN, rgb, rgb, 1);
  }

  Material withParam(double value) {
    return new Material(pattern, baseRgb, accentRgb, scale, value, salt);
  }

  Material withSalt(int value) {
    return new Material(pattern, baseRgb, accentRgb, scale, param, value);
  }
}
