package io.depthstream.core.inference;

import io.depthstream.core.image.RgbImage;
import java.nio.FloatBuffer;

/**
 * Turns a frame into model input: bilinear resize to the model's size (see {@link
 * BilinearResampler} for the sampling rule), per-channel normalisation, and the bundle's NCHW or
 * NHWC layout, written into slot {@code n} of a batch tensor; optionally mirrored left-right for
 * the flip test (half-pixel resampling commutes with mirroring, so mirroring the output is exact).
 */
final class InputEncoder {

  private final ModelInput input;
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];

  InputEncoder(ModelInput input) {
    this.input = input;
    Normalisation norm = input.normalisation();
    // (v·s − m)/σ folded into v·(s/σ) − m/σ: one multiply-add per value.
    for (int c = 0; c < 3; c++) {
      scale[c] = (float) (norm.scale() / norm.std().get(c));
      offset[c] = (float) (-norm.mean().get(c) / norm.std().get(c));
    }
  }

  /** Values one image occupies in the input tensor. */
  int valuesPerImage() {
    return 3 * input.width() * input.height();
  }

  /** Writes {@code image} into batch slot {@code n} of {@code tensor}. */
  void encode(RgbImage image, FloatBuffer tensor, int n) {
    encode(image, tensor, n, false);
  }

  /** Writes {@code image}, mirrored left-right when {@code mirrored}, into slot {@code n}. */
  void encode(RgbImage image, FloatBuffer tensor, int n, boolean mirrored) {
    int width = input.width();
    int height = input.height();
    BilinearResampler.Axis xs = BilinearResampler.Axis.of(image.width(), width);
    BilinearResampler.Axis ys = BilinearResampler.Axis.of(image.height(), height);
    byte[] rgb = image.rgb();
    int stride = image.width() * 3;
    TensorLayout layout = input.layout();
    for (int y = 0; y < height; y++) {
      int top = ys.low()[y] * stride;
      int bottom = ys.high()[y] * stride;
      float wy = ys.weightHigh()[y];
      for (int x = 0; x < width; x++) {
        int l = xs.low()[x] * 3;
        int r = xs.high()[x] * 3;
        float wx = xs.weightHigh()[x];
        for (int c = 0; c < 3; c++) {
          float tl = rgb[top + l + c] & 0xFF;
          float tr = rgb[top + r + c] & 0xFF;
          float bl = rgb[bottom + l + c] & 0xFF;
          float br = rgb[bottom + r + c] & 0xFF;
          float upper = tl + wx * (tr - tl);
          float lower = bl + wx * (br - bl);
          float v = upper + wy * (lower - upper);
          int column = mirrored ? width - 1 - x : x;
          tensor.put(layout.index(n, c, y, column, height, width), v * scale[c] + offset[c]);
        }
      }
    }
  }
}
