package io.depthstream.core.depth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Depth maps in units (scale 1: a map's value is its 16-bit sample) and ImageIO as the independent
 * PNG implementation the direct writer and reader are checked against.
 */
final class DepthPngFixtures {

  private DepthPngFixtures() {}

  /** Every sample uniform in 0..65535, zeros included: the worst case for filters and deflate. */
  static int[] randomUnits(int width, int height, long seed) {
    Random random = new Random(seed);
    int[] units = new int[width * height];
    for (int i = 0; i < units.length; i++) {
      units[i] = random.nextInt(0x10000);
    }
    return units;
  }

  /**
   * A tilted plane from 1 m to 60 m in millimetres with ±2 mm of noise and a hole of zeros: what a
   * predicted map of a road looks like to the codec.
   */
  static int[] smoothUnits(int width, int height, long seed) {
    Random random = new Random(seed);
    int[] units = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double plane = 1000 + 59_000.0 * y / Math.max(1, height - 1) + 300.0 * x / width;
        boolean hole = x > width / 3 && x < width / 2 && y > height / 4 && y < height / 3;
        units[y * width + x] = hole ? 0 : (int) Math.round(plane + random.nextGaussian() * 2);
      }
    }
    return units;
  }

  /** Zeros, 65535, 1 and 65534 in a pattern that flips every byte between neighbours. */
  static int[] extremeUnits(int width, int height) {
    int[] values = {0, 0xFFFF, 1, 0xFFFE, 0x00FF, 0xFF00};
    int[] units = new int[width * height];
    for (int i = 0; i < units.length; i++) {
      units[i] = values[(i * 7 + i / Math.max(1, width)) % values.length];
    }
    return units;
  }

  /** The map whose samples at scale 1 are {@code units} (0 stays invalid). */
  static DepthImage depthOfUnits(int width, int height, int[] units) {
    float[] metres = new float[units.length];
    for (int i = 0; i < units.length; i++) {
      metres[i] = units[i];
    }
    return new DepthImage(width, height, metres);
  }

  /** The samples of a map decoded at scale 1. */
  static int[] unitsOf(DepthImage depth) {
    float[] metres = depth.metres();
    int[] units = new int[metres.length];
    for (int i = 0; i < metres.length; i++) {
      units[i] = (int) metres[i];
    }
    return units;
  }

  /** Band 0 of whatever ImageIO makes of {@code png}. */
  static int[] imageIoSamples(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      Raster raster = image.getRaster();
      return raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0, (int[]) null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 16-bit grayscale PNG of {@code units} written by ImageIO, Adam7-interlaced or not. */
  static byte[] imageIoPng(int width, int height, int[] units, boolean interlaced) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    short[] data = ((DataBufferUShort) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < units.length; i++) {
      data[i] = (short) units[i];
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(
          interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
