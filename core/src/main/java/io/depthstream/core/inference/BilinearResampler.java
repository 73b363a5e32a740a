package io.depthstream.core.inference;

import io.depthstream.core.image.Resampling;

/**
 * The engine's output resize: {@link Resampling#plane}, the project's one resize. The engine only
 * ever enlarges its output to the frame, where that is bilinear with half-pixel centres (ONNX
 * Resize {@code half_pixel}, OpenCV {@code INTER_LINEAR}); a frame smaller than the model's output
 * is area-averaged instead. Kept as a name for {@link DepthUpsampling}; new code calls {@link
 * Resampling} directly.
 */
final class BilinearResampler {

  /** Resizes a row-major single-channel plane; always a new array. */
  float[] resize(float[] source, int sourceWidth, int sourceHeight, int width, int height) {
    return Resampling.plane(source, sourceWidth, sourceHeight, width, height);
  }
}
