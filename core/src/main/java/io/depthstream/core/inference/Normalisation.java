package io.depthstream.core.inference;

import java.util.List;
import java.util.Locale;

/**
 * How 0..255 RGB values become model inputs: {@code x = (v · scale − mean[c]) / std[c]} for channel
 * c in R, G, B order. DenseDepth uses {@code RGB/255} ({@link #DENSEDEPTH}); ImageNet-normalised
 * encoders use {@link #IMAGENET}.
 *
 * @param scale multiplies the raw 0..255 value first, typically 1/255
 * @param mean per-channel mean subtracted after scaling (R, G, B)
 * @param std per-channel standard deviation divided by last (R, G, B), all positive
 */
public record Normalisation(double scale, List<Double> mean, List<Double> std) {

  /** DenseDepth's input convention: RGB / 255, no mean or std. */
  public static final Normalisation DENSEDEPTH =
      new Normalisation(1.0 / 255.0, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));

  /** ImageNet statistics on RGB / 255, as used by torchvision-trained encoders. */
  public static final Normalisation IMAGENET =
      new Normalisation(1.0 / 255.0, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));

  public Normalisation {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "normalisation scale must be a positive number, got " + scale);
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (mean.size() != 3 || std.size() != 3) {
      throw new IllegalArgumentException(
          "normalisation needs 3 mean and 3 std values (R, G, B), got "
              + mean.size()
              + " and "
              + std.size());
    }
    for (int c = 0; c < 3; c++) {
      if (!Double.isFinite(mean.get(c))) {
        throw new IllegalArgumentException("normalisation mean[" + c + "] is not finite");
      }
      if (!(std.get(c) > 0) || !Double.isFinite(std.get(c))) {
        throw new IllegalArgumentException(
            "normalisation std[" + c + "] must be positive, got " + std.get(c));
      }
    }
  }

  /**
   * A preset by its {@code model.json} name: {@code "densedepth"} or {@code "imagenet"}.
   *
   * @throws IllegalArgumentException naming the presets when the name is unknown
   */
  public static Normalisation preset(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "densedepth" -> DENSEDEPTH;
      case "imagenet" -> IMAGENET;
      default ->
          throw new IllegalArgumentException(
              "unknown normalisation preset '"
                  + name
                  + "', expected \"densedepth\", \"imagenet\" or an object {scale, mean, std}");
    };
  }

  /** The model input for raw value {@code v} (0..255) of channel {@code c}. */
  public float apply(double v, int c) {
    return (float) ((v * scale - mean.get(c)) / std.get(c));
  }
}
