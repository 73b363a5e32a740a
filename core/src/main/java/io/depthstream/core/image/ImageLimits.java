package io.depthstream.core.image;

/**
 * The largest picture a decoder will accept: declared width and height in pixels, total pixels,
 * encoded size in bytes and decoded raster size in bytes. A decoder checks these against the header
 * before it allocates anything, so a hostile header (60000×60000 in a few hundred bytes, or
 * 8192×8192 of zeros in 196 KB) costs a rejection, not the process's heap.
 *
 * <p>The per-axis limits alone are not enough: 8192×8192 passes both axes and costs about 2 GB of
 * heap and seconds of CPU per frame. {@link #maxPixels} caps the area and {@link #maxDecodedBytes}
 * the raster the decoder fills, which grows with bit depth and channels at the same area.
 *
 * <p>Worst case per frame under limits {@code L}, all checked before the first allocation: the
 * decoded raster ≤ {@code L.maxDecodedBytes()}; the 8-bit RGB copy ≤ {@code 3 × L.maxPixels()}; the
 * decoder's per-pixel int scratch ≤ {@code 4 × L.maxPixels()}; a float depth map (decoded or
 * projected from LiDAR) ≤ {@code 4 × L.maxPixels()}. Under {@link #DEFAULTS} that is 64 MiB + 48
 * MiB + 64 MiB for an image being decoded and 64 MiB for a depth map.
 *
 * <p>The service exposes them as {@code depthstream.image.max-width}, {@code max-height}, {@code
 * max-bytes}, {@code max-pixels} and {@code max-decoded-bytes}; the messages point there.
 */
public record ImageLimits(
    int maxWidth, int maxHeight, long maxBytes, long maxPixels, long maxDecodedBytes) {

  /** 4096×4096 worth: four times a 4K UHD frame, a sixteenth of what the axis limits admit. */
  public static final long DEFAULT_MAX_PIXELS = 4096L * 4096;

  /** 64 MiB: admits 4096×4096 RGB8 (48 MiB) and 16-bit gray (32 MiB), not 16-bit RGBA (128). */
  public static final long DEFAULT_MAX_DECODED_BYTES = 64L * 1024 * 1024;

  /**
   * The most pixels any limits may admit: the decoder's RGB copy is one {@code byte[]} of {@code
   * width × height × 3}, which must stay an array index (and an int product) in Java.
   */
  public static final long MAX_ADMISSIBLE_PIXELS = Integer.MAX_VALUE / 3;

  /**
   * 8192×8192 pixels per axis, 4096×4096 worth in total, 32 MiB encoded, 64 MiB decoded: far above
   * any camera in the fleet, far below the heap.
   */
  public static final ImageLimits DEFAULTS = new ImageLimits(8192, 8192, 32L * 1024 * 1024);

  public ImageLimits {
    if (maxWidth <= 0
        || maxHeight <= 0
        || maxBytes <= 0
        || maxPixels <= 0
        || maxDecodedBytes <= 0) {
      throw new IllegalArgumentException(
          "image limits must be positive, got "
              + maxWidth
              + "x"
              + maxHeight
              + " pixels, "
              + maxBytes
              + " bytes, "
              + maxPixels
              + " pixels in total and "
              + maxDecodedBytes
              + " decoded bytes");
    }
    if (maxPixels > MAX_ADMISSIBLE_PIXELS) {
      throw new IllegalArgumentException(
          "image limit of "
              + maxPixels
              + " pixels in total is past what one Java array of RGB bytes holds; set"
              + " depthstream.image.max-pixels to at most "
              + MAX_ADMISSIBLE_PIXELS);
    }
  }

  /** Per-axis and byte limits as given, {@link #DEFAULT_MAX_PIXELS} and decoded-byte defaults. */
  public ImageLimits(int maxWidth, int maxHeight, long maxBytes) {
    this(maxWidth, maxHeight, maxBytes, DEFAULT_MAX_PIXELS, DEFAULT_MAX_DECODED_BYTES);
  }

  /**
   * Throws {@code oversized} when {@code width} or {@code height} exceeds its axis limit or {@code
   * width × height} exceeds {@link #maxPixels}; {@code corrupt} when either is not positive.
   */
  public void checkDimensions(String what, int width, int height) {
    requirePositiveSize(what, width, height);
    if (width > maxWidth || height > maxHeight) {
      throw new ImageRejectedException(
          ImageRejectedException.OVERSIZED,
          what
              + " declares "
              + width
              + "x"
              + height
              + ", limit is "
              + maxWidth
              + "x"
              + maxHeight
              + " (raise depthstream.image.max-width/height if intended)");
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new ImageRejectedException(
          ImageRejectedException.OVERSIZED,
          what
              + " declares "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, limit is "
              + maxPixels
              + " (raise depthstream.image.max-pixels if intended)");
    }
  }

  /**
   * Throws {@code oversized} when the raster a decoder fills for this header, {@code width × height
   * × channels × ⌈bitDepth / 8⌉} bytes, exceeds {@link #maxDecodedBytes}. Depths below 8 bits count
   * as a whole byte per sample, as a conversion to 8-bit RGB will spend it anyway.
   *
   * @param channels samples per decoded pixel, alpha included (3 for a palette expanded to RGB)
   * @param bitDepth bits per decoded sample
   */
  public void checkDecodedBytes(String what, int width, int height, int channels, int bitDepth) {
    requirePositiveSize(what, width, height);
    if (channels <= 0 || bitDepth <= 0) {
      throw new ImageRejectedException(
          ImageRejectedException.CORRUPT,
          what
              + " declares pixels of "
              + channels
              + " x "
              + bitDepth
              + "-bit samples; channels and bit depth must be positive");
    }
    long bytesPerSample = (bitDepth + 7L) / 8;
    long decoded = saturatingProduct((long) width * height, channels * bytesPerSample);
    if (decoded > maxDecodedBytes) {
      throw new ImageRejectedException(
          ImageRejectedException.OVERSIZED,
          what
              + " declares "
              + width
              + "x"
              + height
              + " pixels of "
              + channels
              + " x "
              + bitDepth
              + "-bit samples, "
              + (decoded == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : decoded)
              + " bytes decoded, limit is "
              + maxDecodedBytes
              + " (raise depthstream.image.max-decoded-bytes if intended)");
    }
  }

  /** Throws {@code oversized} when an encoded image is longer than {@link #maxBytes}. */
  public void checkBytes(String what, long length) {
    if (length > maxBytes) {
      throw new ImageRejectedException(
          ImageRejectedException.OVERSIZED,
          what
              + " is "
              + length
              + " bytes, limit is "
              + maxBytes
              + " (raise depthstream.image.max-bytes if intended)");
    }
  }

  private static void requirePositiveSize(String what, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new ImageRejectedException(
          ImageRejectedException.CORRUPT,
          what + " declares " + width + "x" + height + ", a size must be positive");
    }
  }

  // Both factors are non-negative; a product past long's range is as oversized as Long.MAX_VALUE.
  private static long saturatingProduct(long a, long b) {
    return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }
}
