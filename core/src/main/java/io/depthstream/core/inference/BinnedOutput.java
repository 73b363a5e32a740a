package io.depthstream.core.inference;

import io.depthstream.core.depth.DepthBins;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a {@link OutputKind#DEPTH_BINS} model's K output channels become metres: the depth bins the
 * channels stand for, whether the channels are logits that need a softmax, and whether a pixel
 * decodes to the expected depth over the bins or to the centre of its most likely bin. This is the
 * {@code output.bins} object of {@code model.json}.
 *
 * @param bins the K bins, channel {@code i} scoring bin {@code i}
 * @param readout expectation or argmax
 * @param activation what the engine applies to the K channels before the readout
 */
public record BinnedOutput(DepthBins bins, Readout readout, Activation activation) {

  /** How one pixel's K bin scores become one depth. */
  public enum Readout {
    /** {@code Σ p_i·c_i / Σ p_i} over the bin centres: smooth, sub-bin depth. */
    EXPECTATION,
    /** The centre of the highest-scoring bin: what a classifier would answer. */
    ARGMAX;

    /** The name used in {@code model.json}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code model.json} name, case-insensitively. */
    public static Readout fromJson(String name) {
      return BinnedOutput.fromJson(values(), Readout::jsonName, name);
    }
  }

  /** What turns the network's K channels into probabilities. */
  public enum Activation {
    /** The channels are logits; the engine applies a softmax over them per pixel. */
    SOFTMAX,
    /** The channels already are probabilities (the export ends in a softmax). */
    NONE;

    /** The name used in {@code model.json}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code model.json} name, case-insensitively. */
    public static Activation fromJson(String name) {
      return BinnedOutput.fromJson(values(), Activation::jsonName, name);
    }
  }

  public BinnedOutput {
    Objects.requireNonNull(bins, "bins");
    Objects.requireNonNull(readout, "readout");
    Objects.requireNonNull(activation, "activation");
  }

  /** The JSON name of a {@link DepthBins.Spacing}: {@code "sid"} or {@code "uniform"}. */
  public static String spacingJsonName(DepthBins.Spacing spacing) {
    return spacing.name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code "sid"} or {@code "uniform"}, case-insensitively. */
  public static DepthBins.Spacing spacingFromJson(String name) {
    return fromJson(DepthBins.Spacing.values(), BinnedOutput::spacingJsonName, name);
  }

  private static <E extends Enum<E>> E fromJson(
      E[] values, Function<E, String> jsonName, String name) {
    for (E value : values) {
      if (jsonName.apply(value).equalsIgnoreCase(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + name
            + "' is not one of "
            + Arrays.stream(values).map(jsonName).collect(Collectors.joining(", ")));
  }
}
