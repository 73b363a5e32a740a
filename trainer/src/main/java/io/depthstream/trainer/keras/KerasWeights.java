package io.depthstream.trainer.keras;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pretrained weights read from a Keras HDF5 file, by layer name then weight name: {@code
 * tensor("conv1/conv", "kernel")} is the 7×7×3×64 stem kernel of an ImageNet DenseNet. Layers
 * appear in the file's order. {@link #require} matches the whole set against what a model needs and
 * fails once, listing every gap.
 */
public final class KerasWeights {

  private final String source;
  private final Map<String, Map<String, WeightTensor>> layers;

  /**
   * @param source where the weights came from, named in errors
   * @param layers layer name → (weight short name → tensor), in file order
   */
  public KerasWeights(String source, Map<String, Map<String, WeightTensor>> layers) {
    this.source = source;
    Map<String, Map<String, WeightTensor>> copy = new LinkedHashMap<>();
    layers.forEach(
        (name, weights) ->
            copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(weights))));
    this.layers = Collections.unmodifiableMap(copy);
  }

  /** The file (or other source) the weights came from. */
  public String source() {
    return source;
  }

  /** Every layer in the file, weightless ones (activations, pooling) included, in file order. */
  public Set<String> layerNames() {
    return layers.keySet();
  }

  /** The weights of one layer by short name ({@code kernel}, {@code gamma}, ...); empty if none. */
  public Map<String, WeightTensor> layer(String name) {
    Map<String, WeightTensor> weights = layers.get(name);
    if (weights == null) {
      throw new IllegalArgumentException(
          source
              + " has no layer '"
              + name
              + "' (it has "
              + layers.size()
              + " layers"
              + nearby(name)
              + ")");
    }
    return weights;
  }

  /** One tensor; throws naming the file and the layer when it is absent. */
  public WeightTensor tensor(String layer, String weight) {
    WeightTensor t = layer(layer).get(weight);
    if (t == null) {
      throw new IllegalArgumentException(
          source
              + ": layer '"
              + layer
              + "' has no weight '"
              + weight
              + "'; it has "
              + layer(layer).keySet());
    }
    return t;
  }

  /** Number of float values across all tensors. */
  public long parameterCount() {
    long n = 0;
    for (Map<String, WeightTensor> weights : layers.values()) {
      for (WeightTensor t : weights.values()) {
        n += t.values().length;
      }
    }
    return n;
  }

  /**
   * The requested tensors keyed {@code layer/weight}, in request order, each checked to have the
   * requested shape.
   *
   * @throws KerasWeightsMismatchException naming every missing or misshapen tensor
   */
  public Map<String, WeightTensor> require(List<WeightSpec> wanted) {
    Map<String, WeightTensor> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (WeightSpec spec : wanted) {
      Map<String, WeightTensor> weights = layers.get(spec.layer());
      WeightTensor t = weights == null ? null : weights.get(spec.weight());
      if (weights == null) {
        problems.add(
            "missing layer '" + spec.layer() + "' (wanted " + spec + nearby(spec.layer()) + ")");
      } else if (t == null) {
        problems.add("missing weight '" + spec.key() + "' (layer has " + weights.keySet() + ")");
      } else if (!t.hasShape(spec.shape())) {
        problems.add(
            "'"
                + spec.key()
                + "' has shape "
                + Arrays.toString(t.shape())
                + ", the model needs "
                + Arrays.toString(spec.shape()));
      } else {
        found.put(spec.key(), t);
      }
    }
    if (!problems.isEmpty()) {
      throw new KerasWeightsMismatchException(source, problems);
    }
    return found;
  }

  /**
   * A hint listing layers sharing the requested name's first segment, for typos like conv1_conv.
   */
  private String nearby(String name) {
    String stem = name.split("[/_]", 2)[0];
    List<String> close = layers.keySet().stream().filter(n -> n.startsWith(stem)).limit(5).toList();
    return close.isEmpty() ? "" : "; similar: " + close;
  }
}
