package io.depthstream.trainer.train;

import java.util.Objects;

/**
 * One mini-batch handed from a data loader to the trainer: images and their ground-truth depth.
 *
 * <p>{@code images} holds {@code size × 3 × height × width} floats, NCHW (channel order R, G, B),
 * each value {@code byte / 255} in [0, 1] — exactly what the DenseDepth graph takes, no mean or std
 * normalisation. {@code depthMetres} holds {@code size × 1 × depthHeight × depthWidth} floats,
 * depth in metres, row-major per image. A depth value that is not finite and above zero (see {@link
 * io.depthstream.core.depth.DepthImage#isValid(float)}) means "no ground truth here".
 *
 * <p>The depth map may be at the image resolution or at the model's output resolution (half of it
 * for DenseDepth); the trainer brings it to the model's output size by averaging the valid values
 * in each block, so loaders need not know which model they feed. Both sides must divide evenly.
 */
public record Batch(
    int size,
    int height,
    int width,
    float[] images,
    int depthHeight,
    int depthWidth,
    float[] depthMetres) {

  /** Colour channels per image (RGB). */
  public static final int CHANNELS = 3;

  public Batch {
    if (size <= 0 || height <= 0 || width <= 0 || depthHeight <= 0 || depthWidth <= 0) {
      throw new IllegalArgumentException(
          "batch dimensions must be positive, got size "
              + size
              + ", image "
              + width
              + "x"
              + height
              + ", depth "
              + depthWidth
              + "x"
              + depthHeight);
    }
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(depthMetres, "depthMetres");
    long wantImages = (long) size * CHANNELS * height * width;
    if (images.length != wantImages) {
      throw new IllegalArgumentException(
          "batch images hold "
              + images.length
              + " floats, "
              + size
              + "x3x"
              + height
              + "x"
              + width
              + " needs "
              + wantImages);
    }
    long wantDepth = (long) size * depthHeight * depthWidth;
    if (depthMetres.length != wantDepth) {
      throw new IllegalArgumentException(
          "batch depth holds "
              + depthMetres.length
              + " floats, "
              + size
              + "x1x"
              + depthHeight
              + "x"
              + depthWidth
              + " needs "
              + wantDepth);
    }
    if (height % depthHeight != 0 || width % depthWidth != 0) {
      throw new IllegalArgumentException(
          "depth "
              + depthWidth
              + "x"
              + depthHeight
              + " must divide image "
              + width
              + "x"
              + height
              + " evenly (use the image size or half of it)");
    }
  }
}
