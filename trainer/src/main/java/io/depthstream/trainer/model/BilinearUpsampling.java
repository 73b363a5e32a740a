package io.depthstream.trainer.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bilinear upsampling by an integer factor as two matrix products with constant interpolation
 * matrices (one along W, one along H), because SameDiff's resizeBilinear has no working gradient.
 * Sampling uses half-pixel centres with clamped edges, matching ONNX Resize (mode linear,
 * half_pixel) used in the export.
 */
public final class BilinearUpsampling {

  private BilinearUpsampling() {}

  /** The 2× matrix, {@link #matrix(int, int) matrix(n, 2)}. */
  public static double[][] matrix(int n) {
    return matrix(n, 2);
  }

  /**
   * The {@code n × f·n} matrix M with {@code out = in · M} for one row of length n: output j
   * samples input position {@code (j + 0.5)/f − 0.5}, clamped to [0, n − 1], and blends its two
   * neighbours.
   */
  public static double[][] matrix(int n, int factor) {
    double[][] m = new double[n][factor * n];
    for (int j = 0; j < factor * n; j++) {
      double src = Math.min(Math.max((j + 0.5) / factor - 0.5, 0.0), n - 1);
      int lo = (int) Math.floor(src);
      int hi = Math.min(lo + 1, n - 1);
      double w = src - lo;
      m[lo][j] += 1.0 - w;
      m[hi][j] += w;
    }
    return m;
  }

  /** Upsamples x of shape [N, C, H, W] (C, H, W known) to [N, C, 2H, 2W]. */
  public static SDVariable apply(
      SameDiff sd, String name, SDVariable x, TensorShape shape, DataType type) {
    return apply(sd, name, x, shape, 2, type);
  }

  /** Upsamples x of shape [N, C, H, W] (C, H, W known) to [N, C, f·H, f·W]. */
  public static SDVariable apply(
      SameDiff sd, String name, SDVariable x, TensorShape shape, int factor, DataType type) {
    long c = shape.channels();
    long h = shape.height();
    long w = shape.width();
    long fh = factor * h;
    long fw = factor * w;
    SDVariable alongW =
        sd.constant(name + "/interp_w", Nd4j.create(matrix((int) w, factor)).castTo(type));
    SDVariable alongH =
        sd.constant(name + "/interp_h", Nd4j.create(matrix((int) h, factor)).castTo(type));
    SDVariable rows = x.reshape(-1, w).mmul(alongW); // [N·C·H, f·W]
    SDVariable columns = rows.reshape(-1, h, fw).permute(0, 2, 1).reshape(-1, h); // [N·C·fW, H]
    SDVariable up = columns.mmul(alongH).reshape(-1, fw, fh).permute(0, 2, 1); // [N·C, fH, fW]
    return up.reshape(name, sd.constant(Nd4j.createFromArray(-1L, c, fh, fw)));
  }
}
