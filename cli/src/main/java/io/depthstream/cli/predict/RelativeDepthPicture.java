package io.depthstream.cli.predict;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;

/**
 * Pictures of a relative inverse-depth map (MiDaS-style output, right only up to scale and shift),
 * which has no metres to show: each map is normalised on its own, its smallest finite value (the
 * farthest) to 0 and its largest (the nearest) to 1. A map whose finite values are all equal holds
 * no depth order and reads 0.5 throughout. Non-finite values stay invalid.
 */
final class RelativeDepthPicture {

  /** The 16-bit unit of normalised value 0; 0 itself is kept for invalid pixels. */
  static final int FAR_UNIT = 1;

  /** The 16-bit unit of normalised value 1. */
  static final int NEAR_UNIT = 0xFFFF;

  private RelativeDepthPicture() {}

  /**
   * Per-pixel position in {@code [0, 1]}, 1 = nearest in this map; NaN where the model gave no
   * finite value.
   */
  static double[] normalise(DepthImage relative) {
    float[] values = relative.metres();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      if (Float.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    double span = max - min;
    double[] normalised = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!Float.isFinite(v)) {
        normalised[i] = Double.NaN;
      } else {
        normalised[i] = span > 0 ? (v - min) / span : 0.5;
      }
    }
    return normalised;
  }

  /**
   * The map as 16-bit units for a PNG: 0 invalid, then {@link #FAR_UNIT}..{@link #NEAR_UNIT}
   * linearly, so that no valid pixel reads as "no depth".
   */
  static DepthImage units(DepthImage relative) {
    double[] normalised = normalise(relative);
    float[] units = new float[normalised.length];
    for (int i = 0; i < units.length; i++) {
      double n = normalised[i];
      units[i] = Double.isNaN(n) ? 0f : (float) (FAR_UNIT + Math.rint(n * (NEAR_UNIT - FAR_UNIT)));
    }
    return new DepthImage(relative.width(), relative.height(), units);
  }

  /**
   * The map in colour: nearest at the colormap's hot end, farthest at its cold end, invalid black.
   */
  static RgbImage colour(DepthImage relative, Colormap colormap) {
    // 256 steps, as fine as an 8-bit channel shows, like Colormap.render.
    int[][] lut = new int[256][];
    for (int i = 0; i < lut.length; i++) {
      lut[i] = colormap.rgbAt(i / 255.0);
    }
    double[] normalised = normalise(relative);
    RgbImage out = RgbImage.blank(relative.width(), relative.height());
    byte[] rgb = out.rgb();
    for (int i = 0; i < normalised.length; i++) {
      if (Double.isNaN(normalised[i])) {
        continue; // stays black
      }
      int[] c = lut[(int) Math.round(normalised[i] * 255)];
      rgb[i * 3] = (byte) c[0];
      rgb[i * 3 + 1] = (byte) c[1];
      rgb[i * 3 + 2] = (byte) c[2];
    }
    return out;
  }
}
