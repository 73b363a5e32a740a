package io.depthstream.core.image;

/**
 * The largest picture a decoder will accept: declared width and height in pixels and encoded size
 * in bytes. A decoder checks these against the header before it allocates anything, so a hostile
 * header (60000×60000 in a few hundred bytes) costs a rejection, not the process's heap.
 *
 * <p>The service exposes them as {@code depthstream.image.max-width}, {@code max-height} and {@code
 * max-bytes}; the messages point there.
 */
public record ImageLimits(int maxWidth, int maxHeight, long maxBytes) {

  /** 8192×8192 pixels, 32 MiB encoded: far above any camera in the fleet, far below the heap. */
  public static final ImageLimits DEFAULTS = new ImageLimits(8192, 8192, 32L * 1024 * 1024);

  public ImageLimits {
    if (maxWidth <= 0 || maxHeight <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException(
          "image limits must be positive, got "
              + maxWidth
              + "x"
              + maxHeight
              + " pixels and "
              + maxBytes
              + " bytes");
    }
  }

  /** Throws {@code oversized} when {@code width × height} exceeds the limits. */
  public void checkDimensions(String what, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new ImageRejectedException(
          ImageRejectedException.CORRUPT,
          what + " declares " + width + "x" + height + ", a size must be positive");
    }
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
}
