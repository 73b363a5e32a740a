package io.depthstream.core.image;

import java.util.Objects;

/**
 * An 8-bit RGB picture held as interleaved bytes, row-major: pixel (x, y) channel c lives at {@code
 * rgb[(y * width + x) * 3 + c]}. The one in-memory image type that decoders, the synthetic world,
 * colormaps and the inference engine pass between them.
 *
 * <p>{@code frameWidth × frameHeight} is the size of the frame the pixels show: the pixel size
 * itself, except where {@link ImageDecoder#decodeForModel} decoded a JPEG straight to the input
 * size of a model that needs no more. A depth map is made at the frame's size, whatever the pixels'
 * size.
 */
public record RgbImage(int width, int height, byte[] rgb, int frameWidth, int frameHeight) {

  /** A picture that is its whole frame. */
  public RgbImage(int width, int height, byte[] rgb) {
    this(width, height, rgb, width, height);
  }

  /** Whether the pixels show the frame at its own size, not decoded smaller for a model. */
  public boolean isWholeFrame() {
    return width == frameWidth && height == frameHeight;
  }

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
    if (frameWidth < width || frameHeight < height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " picture cannot show a smaller "
              + frameWidth
              + "x"
              + frameHeight
              + " frame");
    }
    Objects.requireNonNull(rgb, "rgb");
    if (rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "RGB buffer holds "
              + rgb.length
              + " bytes, a "
              + width
              + "x"
              + height
              + " image needs "
              + (long) width * height * 3);
    }
  }

  /** A black image of the given size. */
  public static RgbImage blank(int width, int height) {
    return new RgbImage(width, height, new byte[width * height * 3]);
  }

  /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), as 0..255. */
  public int channel(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  /** Sets pixel (x, y) from 0..255 channel values. */
  public void set(int x, int y, int r, int g, int b) {
    int i = (y * width + x) * 3;
    rgb[i] = (byte) r;
    rgb[i + 1] = (byte) g;
    rgb[i + 2] = (byte) b;
  }
}
