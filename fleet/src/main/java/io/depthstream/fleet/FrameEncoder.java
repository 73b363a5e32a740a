package io.depthstream.fleet;

import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.RgbImage;
import io.depthstream.schemas.ImageEncoding;

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
      case JPEG -> ImageEncoder.jpeg(image, JPEG_QUALITY);
      case PNG -> ImageEncoder.png(image);
      case RGB8 -> image.rgb().clone();
    };
  }
}
