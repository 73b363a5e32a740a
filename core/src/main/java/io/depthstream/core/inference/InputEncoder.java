package io.depthstream.core.inference;

import io.depthstream.core.image.Resampling;
import io.depthstream.core.image.RgbImage;
import java.nio.FloatBuffer;

/**
 * Turns a frame into model input: resized to the model's size by {@link Resampling#rgb} (area
 * averaging when shrinking, bilinear when enlarging, rounded to 8 bits: the very pixels the trainer
 * fitted its samples with), per-channel normalisation, and the bundle's NCHW or NHWC layout,
 * written into slot {@code n} of a batch tensor; optionally mirrored left-right for the flip test
 * (both resize rules commute with mirroring, so mirroring the resized pixels gives the resized
 * mirror image, up to rounding).
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
    byte[] rgb = Resampling.rgb(image, width, height).rgb();
    TensorLayout layout = input.layout();
    for (int y = 0, p = 0; y < height; y++) {
      for (int x = 0; x < width; x++, p += 3) {
        int column = mirrored ? width - 1 - x : x;
        for (int c = 0; c < 3; c++) {
          float v = rgb[p + c] & 0xFF;
          tensor.put(layout.index(n, c, y, column, height, width), v * scale[c] + offset[c]);
        }
      }
    }
  }
}
