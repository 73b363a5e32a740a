package io.depthstream.trainer.keras;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor a model needs from a pretrained file: the Keras layer name ({@code conv1/conv}, {@code
 * conv2_block1_0_bn}), the weight's short name ({@code kernel}, {@code bias}, {@code gamma}, {@code
 * beta}, {@code moving_mean}, {@code moving_variance}) and the shape the model expects.
 */
public record WeightSpec(String layer, String weight, int[] shape) {

  public WeightSpec {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(shape, "shape");
    shape = shape.clone();
  }

  /** A spec from its parts; {@code shape} in Keras layout. */
  public static WeightSpec of(String layer, String weight, int... shape) {
    return new WeightSpec(layer, weight, shape);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** {@code layer/weight}, the key of {@link KerasWeights#require}'s answer. */
  public String key() {
    return layer + "/" + weight;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightSpec s
        && layer.equals(s.layer)
        && weight.equals(s.weight)
        && Arrays.equals(shape, s.shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(layer, weight, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return key() + Arrays.toString(shape);
  }
}
