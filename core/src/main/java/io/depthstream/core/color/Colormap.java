package io.depthstream.core.color;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;

/**
 * Colour pictures of depth maps for people: the web page, {@code tail}, {@code predict}. Near is
 * the hot end of each map (red for turbo, pale yellow for magma, white for gray) and far the cold
 * one; depths outside {@code [minDepth, maxDepth]} take the colour of the nearer end, and invalid
 * pixels are black.
 */
public enum Colormap {
  /**
   * Google's Turbo, by the published polynomial approximation (Mikhailov's colormap, Ruofei Du's
   * GLSL fit, Apache-2.0): close to the 256-entry LUT in the middle, a little off at the dark ends
   * (far is (35, 23, 27) rather than the LUT's (48, 18, 59)).
   */
  TURBO {
    @Override
    void colour(double t, double[] rgb) {
      double t2 = t * t;
      double t3 = t2 * t;
      double t4 = t2 * t2;
      double t5 = t4 * t;
      rgb[0] =
          0.13572138
              + 4.61539260 * t
              - 42.66032258 * t2
              + 132.13108234 * t3
              - 152.94239396 * t4
              + 59.28637943 * t5;
      rgb[1] =
          0.09140261
              + 2.19418839 * t
              + 4.84296658 * t2
              - 14.18503333 * t3
              + 4.27729857 * t4
              + 2.82956604 * t5;
      rgb[2] =
          0.10667330
              + 12.64194608 * t
              - 60.58204836 * t2
              + 110.36276771 * t3
              - 89.90310912 * t4
              + 27.34824973 * t5;
    }
  },
  /**
   * Matplotlib's magma, by mattz's degree-6 polynomial fit (shadertoy WlfXRN). Its far end is
   * black, like invalid pixels; use TURBO where the two must stay apart.
   */
  MAGMA {
    private static final double[][] C = {
      {-0.002136485053939582, -0.000749655052795221, -0.005386127855323933},
      {0.2516605407371642, 0.6775232436837668, 2.494026599312351},
      {8.353717279216625, -3.577719514958484, 0.3144679030132573},
      {-27.66873308576866, 14.26473078096533, -13.64921318813922},
      {52.17613981234068, -27.94360607168351, 12.94416944238394},
      {-50.76852536473588, 29.04658282127291, 4.23415299384598},
      {18.65570506591883, -11.48977351997711, -5.601961508734096}
    };

    @Override
    void colour(double t, double[] rgb) {
      for (int c = 0; c < 3; c++) {
        double v = C[6][c];
        for (int k = 5; k >= 0; k--) {
          v = v * t + C[k][c]; // Horner
        }
        rgb[c] = v;
      }
    }
  },
  /** Plain gray ramp; far is dark gray, not black, so that it stays apart from invalid. */
  GRAY {
    @Override
    void colour(double t, double[] rgb) {
      double v = 0.125 + 0.875 * t;
      rgb[0] = v;
      rgb[1] = v;
      rgb[2] = v;
    }
  };

  /** Colour at {@code t} in [0, 1], 0 = far, 1 = near, as linear 0..1 channels (may overshoot). */
  abstract void colour(double t, double[] rgb);

  /** The 0..255 colour of a position {@code t} on the map, clamped to [0, 1]. */
  public int[] rgbAt(double t) {
    double[] rgb = new double[3];
    colour(Math.max(0, Math.min(1, t)), rgb);
    return new int[] {toByte(rgb[0]), toByte(rgb[1]), toByte(rgb[2])};
  }

  /**
   * Renders {@code depth}: {@code minDepth} and nearer at the hot end, {@code maxDepth} at the
   * cold.
   */
  public RgbImage render(DepthImage depth, double minDepth, double maxDepth) {
    if (!(minDepth < maxDepth) || !Double.isFinite(minDepth) || !Double.isFinite(maxDepth)) {
      throw new IllegalArgumentException(
          "colour range needs finite minDepth < maxDepth, got " + minDepth + ".." + maxDepth);
    }
    // 256 steps: as fine as an 8-bit channel shows, and one polynomial per step, not per pixel.
    int[][] lut = new int[256][];
    for (int i = 0; i < 256; i++) {
      lut[i] = rgbAt(i / 255.0);
    }
    RgbImage out = RgbImage.blank(depth.width(), depth.height());
    float[] metres = depth.metres();
    byte[] rgb = out.rgb();
    double span = maxDepth - minDepth;
    for (int i = 0; i < metres.length; i++) {
      float d = metres[i];
      if (!DepthImage.isValid(d)) {
        continue; // stays black
      }
      double t = (maxDepth - d) / span;
      int step = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
      int[] c = lut[step];
      rgb[i * 3] = (byte) c[0];
      rgb[i * 3 + 1] = (byte) c[1];
      rgb[i * 3 + 2] = (byte) c[2];
    }
    return out;
  }

  private static int toByte(double v) {
    return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
}
