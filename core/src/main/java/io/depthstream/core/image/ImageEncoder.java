package io.depthstream.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes pictures as file bytes: RGB as PNG or JPEG, and 8-bit grayscale PNG; the one place where
 * datasets, published frames, predictions and served depth pictures are written. ImageIO writes to
 * memory-cached streams only, so no temporary file is made per picture. Thread-safe.
 */
public final class ImageEncoder {

  private ImageEncoder() {}

  /** {@code image} as a PNG file. */
  public static byte[] png(RgbImage image) {
    return write(toBufferedImage(image), "png", -1);
  }

  /** JPEG at {@code quality} in (0, 1]; DenseDepth's NYU zip stores its training RGB this way. */
  public static byte[] jpeg(RgbImage image, float quality) {
    return write(toBufferedImage(image), "jpeg", quality);
  }

  /** An 8-bit single-channel PNG of {@code values} (row-major, 0..255). */
  public static byte[] grayPng(byte[] values, int width, int height) {
    BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setDataElements(0, 0, width, height, values);
    return write(gray, "png", -1);
  }

  /** {@code image} as a Java2D picture (TYPE_INT_RGB), e.g. to draw on. */
  public static BufferedImage toBufferedImage(RgbImage image) {
    int w = image.width();
    int h = image.height();
    byte[] rgb = image.rgb();
    int[] packed = new int[w * h];
    for (int i = 0; i < packed.length; i++) {
      packed[i] =
          (rgb[i * 3] & 0xFF) << 16 | (rgb[i * 3 + 1] & 0xFF) << 8 | (rgb[i * 3 + 2] & 0xFF);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, packed, 0, w);
    return out;
  }

  private static byte[] write(BufferedImage image, String format, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IllegalStateException("this Java runtime has no ImageIO writer for " + format);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality > 0) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding " + format + " in memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
