package io.depthstream.core.image;

/** How the bytes of a camera frame are encoded; mirrors the {@code ImageEncoding} Avro enum. */
public enum ImageFormat {
  JPEG,
  PNG,
  /** Uncompressed interleaved 8-bit R, G, B, row-major; the size travels beside the bytes. */
  RGB8
}
