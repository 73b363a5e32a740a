package io.depthstream.core.dataset;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.ImageHeader;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * DenseDepth's NYU Depth v2 layout ({@code nyu_data.zip}, or the folder it unpacks to, or what
 * {@code synth --layout nyu} writes): {@code data/nyu2_train.csv} and {@code data/nyu2_test.csv}
 * list "rgb,depth" paths relative to the folder holding {@code data/} ({@link NyuCsv} reads them).
 * The two halves store depth differently: training depth is an 8-bit grayscale PNG holding {@code
 * v/255 · 10 m}, test depth (the 654 Eigen images) a 16-bit PNG in millimetres ({@link
 * io.depthstream.core.depth.DepthPngCodec#MILLIMETRES}).
 */
public final class NyuLayout {

  /** The training split's list. */
  public static final String TRAIN_CSV = "data/nyu2_train.csv";

  /** The test split's list. */
  public static final String TEST_CSV = "data/nyu2_test.csv";

  /** Metres that 8-bit value 255 stands for in the training split. */
  public static final double TRAIN_MAX_METRES = 10.0;

  private NyuLayout() {}

  /**
   * The 8-bit value DenseDepth reads as v/255·10 m: 0 for no depth, otherwise round(d/10·255) kept
   * within 1..255, so a valid depth never reads as missing and depths past 10 m saturate.
   */
  public static int trainDepthValue(float metres) {
    if (!DepthImage.isValid(metres)) {
      return 0;
    }
    long v = Math.round(metres / TRAIN_MAX_METRES * 255);
    return (int) Math.max(1, Math.min(255, v));
  }

  /**
   * A training split's 8-bit grayscale depth PNG as metres ({@code v / 255 × 10}); 0 stays 0, i.e.
   * invalid.
   *
   * @throws IllegalArgumentException naming {@code name} when the PNG is not 8-bit grayscale or
   *     does not decode
   */
  public static DepthImage trainDepth(byte[] png, String name) {
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
              + TRAIN_MAX_METRES
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
      metres[i] = (float) (v[i] / 255.0 * TRAIN_MAX_METRES);
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
