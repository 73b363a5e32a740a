package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageHeader;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.image.RgbImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the picture files of data sets, turning a decoder's complaint into one that names the
 * file: colour images (JPEG or PNG, told apart by their first bytes), 16-bit depth PNGs and the
 * 8-bit depth PNGs of DenseDepth's NYU training split.
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

  /**
   * An 8-bit grayscale depth PNG holding {@code v / 255 × maxMetres} (DenseDepth's NYU training
   * depth: maxMetres 10); 0 stays 0, i.e. invalid.
   */
  static DepthImage depth8(byte[] png, double maxMetres, String name) {
    ImageHeader header;
    try {
      header = ImageHeader.readPng(png);
      ImageLimits.DEFAULTS.checkDimensions(name, header.width(), header.height());
    } catch (ImageRejectedException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    if (header.bitDepth() != 8 || !header.colour().equals("grayscale")) {
      throw new IllegalArgumentException(
          name
              + ": expected an 8-bit grayscale depth PNG (v/255 x "
              + maxMetres
              + " m, DenseDepth's NYU training format), got "
              + header.bitDepth()
              + "-bit "
              + header.colour()
              + (header.bitDepth() == 16
                  ? "; 16-bit millimetre PNGs belong to the test split"
                  : ""));
    }
    Raster raster = readRaster(png, name);
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] v = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
    float[] metres = new float[w * h];
    for (int i = 0; i < v.length; i++) {
      metres[i] = (float) (v[i] / 255.0 * maxMetres);
    }
    return new DepthImage(w, h, metres);
  }

  private static Raster readRaster(byte[] png, String name) {
    ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      reader.setInput(in, true, true);
      return reader.read(0).getRaster();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(name + ": PNG does not decode: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }
}
