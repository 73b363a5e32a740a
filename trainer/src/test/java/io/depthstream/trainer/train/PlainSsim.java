package io.depthstream.trainer.train;

/**
 * SSIM written the slow, obvious way, as an independent check of {@link DepthLoss}'s convolution
 * graph: for each k × k window position (VALID, as TensorFlow's {@code tf.image.ssim}) whose centre
 * pixel is valid, the mask-weighted Gaussian moments of the window, then the window's SSIM; the
 * term is clip((1 − mean)/2, 0, 1). With every pixel valid this is plain SSIM.
 */
final class PlainSsim {

  private PlainSsim() {}

  static double term(
      double[] p, double[] t, double[] m, int h, int w, int k, double sigma, double range) {
    double[] g1 = new double[k];
    double norm = 0;
    for (int i = 0; i < k; i++) {
      double x = i - (k - 1) / 2.0;
      g1[i] = Math.exp(-x * x / (2 * sigma * sigma));
      norm += g1[i];
    }
    double c1 = (0.01 * range) * (0.01 * range);
    double c2 = (0.03 * range) * (0.03 * range);
    double sum = 0;
    int windows = 0;
    for (int y0 = 0; y0 + k <= h; y0++) {
      for (int x0 = 0; x0 + k <= w; x0++) {
        if (m[(y0 + k / 2) * w + x0 + k / 2] == 0) {
          continue;
        }
        double weight = 0;
        double sp = 0;
        double st = 0;
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            int i = (y0 + dy) * w + x0 + dx;
            double g = g1[dy] * g1[dx] / (norm * norm) * m[i];
            weight += g;
            sp += g * p[i];
            st += g * t[i];
          }
        }
        double muP = sp / weight;
        double muT = st / weight;
        double varP = 0;
        double varT = 0;
        double cov = 0;
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            int i = (y0 + dy) * w + x0 + dx;
            double g = g1[dy] * g1[dx] / (norm * norm) * m[i] / weight;
            varP += g * (p[i] - muP) * (p[i] - muP);
            varT += g * (t[i] - muT) * (t[i] - muT);
            cov += g * (p[i] - muP) * (t[i] - muT);
          }
        }
        sum +=
            (2 * muP * muT + c1)
                * (2 * cov + c2)
                / ((muP * muP + muT * muT + c1) * (varP + varT + c2));
        windows++;
      }
    }
    double ssim = sum / windows;
    return Math.min(1, Math.max(0, (1 - ssim) / 2));
  }
}
