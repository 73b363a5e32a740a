package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.image.RgbImage;

/**
 * Decodes the picture files of data sets, turning a decoder's complaint into one that names the
 * file: colour images (JPEG or PNG, told apart by their first bytes) and 16-bit depth PNGs (the
 * 8-bit depth of DenseDepth's NYU training split is {@link
 * io.depthstream.core.dataset.NyuLayout#trainDepth}).
 */
final class ImageFiles {

  private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULTS);

  private ImageFiles() {}

  static RgbImage rgb(byte[] bytes, String name) {
    ImageFormat format =
        bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
            ? ImageFormat.JPEG
            : ImageFormat.PNG;
    try {
      return DECODER.decode(bytes, format, 0, 0);
    } catch (ImageRejectedException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** A 16-bit depth PNG whose value × {@code scale} is metres (NYU test: mm; KITTI: 1/256). */
  static DepthImage depth16(byte[] png, double scale, String name) {
    try {
      return DepthPngCodec.decode(png, scale);
    } catch (ImageRejectedException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
