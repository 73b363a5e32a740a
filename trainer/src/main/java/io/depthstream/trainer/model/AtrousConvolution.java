package io.depthstream.trainer.model;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dilated ("atrous") convolution as space-to-batch, an ordinary convolution, and batch-to-space,
 * the way DeepLab's TensorFlow code runs it. The oneDNN build of ND4J 1.0.0-M2.1 that the trainer
 * uses cannot run a dilated conv2d at all (every dilation above 1 fails with "could not create a
 * descriptor for a dilated convolution forward propagation primitive"; without oneDNN it works but
 * every other conv loses oneDNN too), so the graph never asks it to.
 *
 * <p>With dilation d, output pixel (i, j) only ever reads input pixels congruent to (i, j) mod d,
 * so the input splits into d² phase images of 1/d the size, each convolved with the undilated
 * kernel and padding (k − 1)/2, then interleaved back. The input is zero-padded bottom and right to
 * a multiple of d first, which is what the convolution's own zero padding would have read there,
 * and the output cropped back: the result equals the dilated convolution exactly. Only "same"
 * convolutions are supported: stride 1, odd kernel, padding {@code d·(k − 1)/2}, as in DeepLab.
 */
public final class AtrousConvolution {

  private AtrousConvolution() {}

  /**
   * Applies {@code conv} (dilation above 1) to x of per-image shape {@code in}; {@code bias} may be
   * null.
   *
   * @throws IllegalArgumentException for a strided or non-"same" dilated convolution
   */
  public static SDVariable apply(
      SameDiff sd,
      Layer.Conv conv,
      SDVariable x,
      SDVariable kernel,
      SDVariable bias,
      TensorShape in) {
    int d = conv.dilation();
    int k = conv.kernel();
    if (conv.stride() != 1 || k % 2 == 0 || conv.pad() != d * (k - 1) / 2) {
      throw new IllegalArgumentException(
          conv.name()
              + ": a dilated convolution here must keep the size (stride 1, odd kernel, padding"
              + " dilation·(kernel − 1)/2 = "
              + d * (k - 1) / 2
              + "), got stride "
              + conv.stride()
              + ", kernel "
              + k
              + ", padding "
              + conv.pad());
    }
    long c = in.channels();
    long h = in.height();
    long w = in.width();
    long hp = ceilToMultiple(h, d);
    long wp = ceilToMultiple(w, d);
    SDVariable padded = x;
    if (hp != h || wp != w) {
      padded =
          sd.nn()
              .pad(
                  x,
                  sd.constant(
                      Nd4j.createFromArray(
                          new int[][] {{0, 0}, {0, 0}, {0, (int) (hp - h)}, {0, (int) (wp - w)}})),
                  0.0);
    }
    // [N, C, hp/d, d, wp/d, d] → [d, d, N, C, hp/d, wp/d] → the d² phases as a batch
    SDVariable phases =
        padded
            .reshape(-1, c, hp / d, d, wp / d, d)
            .permute(3, 5, 0, 1, 2, 4)
            .reshape(-1, c, hp / d, wp / d);
    Conv2DConfig cfg =
        Conv2DConfig.builder()
            .kH(k)
            .kW(k)
            .sH(1)
            .sW(1)
            .pH((k - 1) / 2)
            .pW((k - 1) / 2)
            .dH(1)
            .dW(1)
            .paddingMode(PaddingMode.VALID)
            .dataFormat(Conv2DConfig.NCHW)
            .build();
    SDVariable y =
        bias != null
            ? sd.cnn().conv2d(phases, kernel, bias, cfg)
            : sd.cnn().conv2d(phases, kernel, cfg);
    long f = conv.filters();
    SDVariable interleaved =
        y.reshape(d, d, -1, f, hp / d, wp / d).permute(2, 3, 4, 0, 5, 1).reshape(-1, f, hp, wp);
    if (hp == h && wp == w) {
      return sd.identity(conv.name(), interleaved);
    }
    return interleaved
        .get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0L, h), SDIndex.interval(0L, w))
        .rename(conv.name());
  }

  private static long ceilToMultiple(long size, int d) {
    return (size + d - 1) / d * d;
  }
}
