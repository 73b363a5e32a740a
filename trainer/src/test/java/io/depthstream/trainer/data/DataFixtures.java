package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small images and archives written by tests in the exact layouts the loaders read. */
final class DataFixtures {

  private DataFixtures() {}

  /** A gradient picture whose pixel (x, y) is (10x, 10y, 7 + x + y) mod 256. */
  static RgbImage gradient(int w, int h) {
    RgbImage img = RgbImage.blank(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.set(x, y, (10 * x) & 0xFF, (10 * y) & 0xFF, (7 + x + y) & 0xFF);
      }
    }
    return img;
  }

  static byte[] encode(RgbImage img, String format) {
    BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        bi.setRGB(
            x,
            y,
            (img.channel(x, y, 0) << 16) | (img.channel(x, y, 1) << 8) | img.channel(x, y, 2));
      }
    }
    return write(bi, format);
  }

  /** An 8-bit grayscale PNG of the given values. */
  static byte[] gray8(int w, int h, int[] values) {
    BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    bi.getRaster().setSamples(0, 0, w, h, 0, values);
    return write(bi, "png");
  }

  static byte[] write(BufferedImage bi, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(bi, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static DepthImage constantDepth(int w, int h, float metres) {
    float[] d = new float[w * h];
    java.util.Arrays.fill(d, metres);
    return new DepthImage(w, h, d);
  }

  static Path zip(Path file, Map<String, byte[]> entries) {
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path directory(Path root, Map<String, byte[]> files) {
    try {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Path f = root.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.write(f, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }
}
