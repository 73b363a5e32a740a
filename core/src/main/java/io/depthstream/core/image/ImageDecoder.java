package io.depthstream.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns the bytes of a camera frame (JPEG, PNG or raw RGB8) into an {@link RgbImage}, refusing
 * anything over {@link ImageLimits} before a pixel buffer is allocated: the declared size, channels
 * and bit depth are read from the header by {@link ImageHeader}, not by the decoder, and checked
 * against the axis limits, the pixel budget and the decoded-size limit.
 *
 * <p>Every failure is an {@link ImageRejectedException} with a reason the service can count and put
 * in a dead-letter header. A decoder warning (a truncated JPEG that ImageIO would otherwise half
 * paint) counts as {@code corrupt}. Stateless and thread-safe.
 */
public final class ImageDecoder {

  private final ImageLimits limits;
  private final boolean reduceJpeg;

  /** A decoder that decodes every frame whole ({@link #decodeForModel} included). */
  public ImageDecoder(ImageLimits limits) {
    this(limits, false);
  }

  /**
   * @param reduceJpeg whether {@link #decodeForModel} decodes a JPEG straight to the model's input
   *     size (depthstream.image.reduce-jpeg); false decodes every frame whole
   */
  public ImageDecoder(ImageLimits limits, boolean reduceJpeg) {
    this.limits = limits;
    this.reduceJpeg = reduceJpeg;
  }

  /** A decoder under the default limits that decodes every frame whole. */
  public ImageDecoder() {
    this(ImageLimits.DEFAULTS);
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Decodes one frame.
   *
   * @param width the frame's stated width; required for RGB8, 0 for JPEG/PNG means "from header"
   * @param height the frame's stated height, likewise
   */
  public RgbImage decode(byte[] data, ImageFormat format, int width, int height) {
    limits.checkBytes(format.name(), data.length);
    return switch (format) {
      case RGB8 -> decodeRaw(data, width, height);
      case PNG -> decodeEncoded(data, ImageHeader.readPng(data), width, height);
      case JPEG -> decodeEncoded(data, ImageHeader.readJpeg(data), width, height);
    };
  }

  /**
   * Decodes one frame for a model whose input is {@code modelWidth × modelHeight}. A JPEG comes
   * back at that size when the model shrinks it: with {@code reduceJpeg} straight from the file by
   * area averaging ({@link JpegAreaDecoder}); otherwise decoded whole by ImageIO and, where the
   * input divides the frame by whole factors (640×480 for 128×96), averaged down from the decoder's
   * own raster ({@link Resampling#rgbFromBgr}): value for value what the engine's resize makes of
   * the whole frame, without the full-size RGB copy in between. Either way the result stands for
   * the whole frame ({@link RgbImage#frameWidth()}), so a depth map comes out at the frame's size.
   * Other JPEGs (progressive or CMYK for the area decoder, sizes without whole factors, a model
   * that enlarges) and other formats are decoded whole, as {@link #decode} does.
   *
   * <p>The header is checked against the limits first, as by {@link #decode}: decoding small is no
   * licence for a frame the service would refuse.
   */
  public RgbImage decodeForModel(
      byte[] data, ImageFormat format, int width, int height, int modelWidth, int modelHeight) {
    if (format != ImageFormat.JPEG) {
      return decode(data, format, width, height);
    }
    limits.checkBytes(format.name(), data.length);
    ImageHeader header = ImageHeader.readJpeg(data);
    checkEncodedHeader(header, width, height);
    if (reduceJpeg) {
      boolean shrinks =
          modelWidth <= header.width()
              && modelHeight <= header.height()
              && (modelWidth < header.width() || modelHeight < header.height());
      RgbImage reduced = shrinks ? JpegAreaDecoder.decode(data, modelWidth, modelHeight) : null;
      if (reduced != null) {
        if (reduced.frameWidth() != header.width() || reduced.frameHeight() != header.height()) {
          throw new ImageRejectedException(
              ImageRejectedException.CORRUPT,
              "JPEG has two frame sizes: "
                  + header.width()
                  + "x"
                  + header.height()
                  + " and "
                  + reduced.frameWidth()
                  + "x"
                  + reduced.frameHeight());
        }
        return reduced;
      }
    }
    BufferedImage image = readChecked(data, header);
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && Resampling.shrinksByWholeFactors(w, h, modelWidth, modelHeight)) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      // ImageIO's reader fills a raster of its own, exactly the picture; anything else (never seen)
      // takes the general path rather than an exception the service would not expect here.
      if (bgr.length == w * h * 3) {
        return Resampling.rgbFromBgr(bgr, w, h, modelWidth, modelHeight);
      }
    }
    return toRgb(image);
  }

  private RgbImage decodeRaw(byte[] data, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new ImageRejectedException(
          ImageRejectedException.SIZE_MISMATCH,
          "RGB8 frame states " + width + "x" + height + "; raw frames must carry their size");
    }
    limits.checkDimensions("RGB8", width, height);
    limits.checkDecodedBytes("RGB8", width, height, 3, 8);
    long expected = (long) width * height * 3;
    if (data.length != expected) {
      throw new ImageRejectedException(
          ImageRejectedException.SIZE_MISMATCH,
          "RGB8 frame of "
              + width
              + "x"
              + height
              + " needs "
              + expected
              + " bytes (width*height*3), got "
              + data.length);
    }
    return new RgbImage(width, height, data.clone());
  }

  private RgbImage decodeEncoded(byte[] data, ImageHeader header, int width, int height) {
    checkEncodedHeader(header, width, height);
    return decodeChecked(data, header);
  }

  /** The header's size, sample layout and agreement with the frame's stated size, or a refusal. */
  private void checkEncodedHeader(ImageHeader header, int width, int height) {
    String what = header.format().name();
    limits.checkDimensions(what, header.width(), header.height());
    limits.checkDecodedBytes(
        what, header.width(), header.height(), decodedChannels(header), decodedBitDepth(header));
    if ((width != 0 || height != 0) && (width != header.width() || height != header.height())) {
      throw new ImageRejectedException(
          ImageRejectedException.SIZE_MISMATCH,
          what
              + " declares "
              + header.width()
              + "x"
              + header.height()
              + " but the frame states "
              + width
              + "x"
              + height
              + " (state 0x0 to take the header's size)");
    }
    if (header.format() == ImageFormat.JPEG && (header.channels() == 4 || header.bitDepth() != 8)) {
      throw new ImageRejectedException(
          ImageRejectedException.UNSUPPORTED,
          "JPEG is "
              + header.bitDepth()
              + "-bit "
              + header.colour()
              + "; only 8-bit grayscale or YCbCr/RGB JPEGs are taken, re-encode as 8-bit RGB");
    }
  }

  private RgbImage decodeChecked(byte[] data, ImageHeader header) {
    return toRgb(readChecked(data, header));
  }

  /** The decoded picture, refused unless it has the size its header declares. */
  private static BufferedImage readChecked(byte[] data, ImageHeader header) {
    String what = header.format().name();
    BufferedImage image = read(data, header);
    if (image.getWidth() != header.width() || image.getHeight() != header.height()) {
      throw new ImageRejectedException(
          ImageRejectedException.CORRUPT,
          what
              + " header declares "
              + header.width()
              + "x"
              + header.height()
              + " but decodes to "
              + image.getWidth()
              + "x"
              + image.getHeight());
    }
    return image;
  }

  // A palette's samples are indices; ImageIO keeps them as such, but every path to RGB expands
  // them to three 8-bit samples a pixel, so that is what counts against the decoded-size limit.
  private static int decodedChannels(ImageHeader header) {
    return isPalette(header) ? 3 : header.channels();
  }

  private static int decodedBitDepth(ImageHeader header) {
    return isPalette(header) ? 8 : header.bitDepth();
  }

  private static boolean isPalette(ImageHeader header) {
    return header.format() == ImageFormat.PNG && header.colour().equals("palette");
  }

  private static BufferedImage read(byte[] data, ImageHeader header) {
    String what = header.format().name();
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(what.toLowerCase());
    if (!readers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO reader for " + what);
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      BufferedImage image = reader.read(0);
      if (!warnings.isEmpty()) {
        throw new ImageRejectedException(
            ImageRejectedException.CORRUPT, what + " does not decode cleanly: " + warnings.get(0));
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageRejectedException rejected) {
        throw rejected;
      }
      throw new ImageRejectedException(
          ImageRejectedException.CORRUPT, what + " does not decode: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Converts any decoded image to 8-bit RGB. Gray and RGB samples are copied (rescaled from their
   * bit depth), not passed through {@link BufferedImage#getRGB}, which would run linear gray
   * through a colour conversion and brighten it. Alpha is dropped.
   */
  static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return fromBgr(image, w, h); // what the JPEG reader gives for colour photos
    }
    ColorModel cm = image.getColorModel();
    int spaceType = cm.getColorSpace().getType();
    boolean direct =
        !(cm instanceof IndexColorModel)
            && (spaceType == ColorSpace.TYPE_GRAY || spaceType == ColorSpace.TYPE_RGB);
    return direct ? fromSamples(image, cm, w, h) : fromArgb(image, w, h);
  }

  private static RgbImage fromBgr(BufferedImage image, int w, int h) {
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = bgr[i + 2];
      rgb[i + 1] = bgr[i + 1];
      rgb[i + 2] = bgr[i];
    }
    return new RgbImage(w, h, rgb);
  }

  private static RgbImage fromSamples(BufferedImage image, ColorModel cm, int w, int h) {
    Raster raster = image.getRaster();
    boolean gray = cm.getNumColorComponents() == 1;
    byte[] rgb = new byte[w * h * 3];
    int[] samples = new int[w * h];
    for (int c = 0; c < 3; c++) {
      int band = gray ? 0 : c;
      if (c == 0 || !gray) {
        raster.getSamples(0, 0, w, h, band, samples);
        int max = (1 << cm.getComponentSize(band)) - 1;
        for (int i = 0; i < samples.length; i++) {
          samples[i] = max == 255 ? samples[i] : (int) ((samples[i] * 255L + max / 2) / max);
        }
      }
      for (int i = 0; i < samples.length; i++) {
        rgb[i * 3 + c] = (byte) samples[i];
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static RgbImage fromArgb(BufferedImage image, int w, int h) {
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[i * 3] = (byte) (argb[i] >> 16);
      rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
      rgb[i * 3 + 2] = (byte) argb[i];
    }
    return new RgbImage(w, h, rgb);
  }
}
