package io.depthstream.core.inference;

import java.util.Objects;

/**
 * The image a model expects: every frame is resized to {@code width × height} ({@link
 * io.depthstream.core.image.Resampling}: area averaging when shrinking, bilinear when enlarging),
 * normalised and laid out as {@code layout} before inference.
 */
public record ModelInput(int width, int height, TensorLayout layout, Normalisation normalisation) {

  public ModelInput {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "model input size must be positive, got " + width + "x" + height);
    }
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(normalisation, "normalisation");
  }
}
