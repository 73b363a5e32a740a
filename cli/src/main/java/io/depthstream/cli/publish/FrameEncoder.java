package io.depthstream.cli.publish;

import io.depthstream.core.image.RgbImage;
import io.depthstream.schemas.ImageEncoding;
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
 * Encodes an {@link RgbImage} as a camera frame's bytes: a JPEG file (quality 0.9, what a dash
 * camera sends), a PNG file, or raw RGB8. Writes to memory only; thread-safe.
 */
public final class FrameEncoder {

  /** JPEG quality of published frames: small enough for Kafka, close enough for depth models. */
  public static final float JPEG_QUALITY = 0.9f;

  private FrameEncoder() {}

  /** The bytes of {@code image} in {@code encoding}. */
  public static byte[] encode(RgbImage image, ImageEncoding encoding) {
    return switch (encoding) {
      case JPEG -> write(toBufferedImage(image), "jpeg", JPEG_QUALITY);
      case PNG -> png(image);
      case RGB8 -> image.rgb().clone();
    };
  }

  /** {@code image} as a PNG file. */
  public static byte[] png(RgbImage image) {
    return write(toBufferedImage(image), "png", -1);
  }

  private static BufferedImage toBufferedImage(RgbImage image) {
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
