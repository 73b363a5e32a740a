package io.depthstream.cli.predict;

import io.depthstream.core.image.RgbImage;

/** Two pictures of one height placed left and right in one, photo beside its depth. */
final class SideBySide {

  private SideBySide() {}

  static RgbImage of(RgbImage left, RgbImage right) {
    if (left.height() != right.height()) {
      throw new IllegalArgumentException(
          "side-by-side pictures need one height, got " + left.height() + " and " + right.height());
    }
    int width = left.width() + right.width();
    int height = left.height();
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      System.arraycopy(left.rgb(), y * left.width() * 3, rgb, y * width * 3, left.width() * 3);
      System.arraycopy(
          right.rgb(),
          y * right.width() * 3,
          rgb,
          (y * width + left.width()) * 3,
          right.width() * 3);
    }
    return new RgbImage(width, height, rgb);
  }
}
