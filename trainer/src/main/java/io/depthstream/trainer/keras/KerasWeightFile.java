package io.depthstream.trainer.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the HDF5 weight files Keras writes with {@code model.save_weights(...h5)} and ships as
 * ImageNet weights for its applications (e.g. {@code
 * densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5}, the file DenseDepth starts from).
 *
 * <p>The layout, as Keras's {@code save_weights_to_hdf5_group} writes it: the root (or a {@code
 * model_weights} group in whole-model files) carries the attribute {@code layer_names}; each layer
 * is the group at its name (a name like {@code conv1/conv} becomes nested groups), whose attribute
 * {@code weight_names} lists its datasets relative to it, e.g. {@code conv1/conv/kernel:0}. Keras
 * splits an attribute over 64 KiB into {@code layer_names0}, {@code layer_names1}, ...; those are
 * joined back. A weight's short name is the last path segment without the {@code :0} suffix.
 */
public final class KerasWeightFile {

  private KerasWeightFile() {}

  /** Loads every layer's weights; values are converted to float where the file holds doubles. */
  public static KerasWeights read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Keras weight file "
              + file
              + " does not exist; download the Keras applications"
              + " ImageNet weights (.h5) and pass its path");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Group root = hdf;
      if (attribute(hdf, "layer_names") == null
          && hdf.getChild("model_weights") instanceof Group g) {
        root = g;
      }
      List<String> layerNames = attribute(root, "layer_names");
      if (layerNames == null) {
        throw new IllegalArgumentException(
            file
                + " is HDF5 but not a Keras weight file: no 'layer_names' attribute at its root"
                + " or in /model_weights");
      }
      Map<String, Map<String, WeightTensor>> layers = new LinkedHashMap<>();
      for (String layer : layerNames) {
        layers.put(layer, readLayer(file, root, layer));
      }
      return new KerasWeights(file.toString(), layers);
    } catch (HdfException e) {
      throw new IllegalArgumentException(
          file + " is not a readable HDF5 file (" + e.getMessage() + "); is it truncated?", e);
    }
  }

  private static Map<String, WeightTensor> readLayer(Path file, Group root, String layer) {
    Node node = child(root, layer);
    if (!(node instanceof Group group)) {
      throw new IllegalArgumentException(
          file + ": layer_names lists '" + layer + "' but there is no group /" + layer);
    }
    List<String> weightNames = attribute(group, "weight_names");
    Map<String, WeightTensor> weights = new LinkedHashMap<>();
    if (weightNames == null) {
      return weights;
    }
    for (String weightName : weightNames) {
      Node data = child(group, weightName);
      if (!(data instanceof Dataset dataset)) {
        throw new IllegalArgumentException(
            file
                + ": layer '"
                + layer
                + "' lists weight '"
                + weightName
                + "' but there is no dataset "
                + group.getPath()
                + weightName);
      }
      weights.put(shortName(weightName), tensor(file, dataset));
    }
    return weights;
  }

  /** {@code conv1/conv/kernel:0} → {@code kernel}. */
  static String shortName(String weightName) {
    String last = weightName.substring(weightName.lastIndexOf('/') + 1);
    int colon = last.lastIndexOf(':');
    return colon > 0 ? last.substring(0, colon) : last;
  }

  private static Node child(Group group, String relativePath) {
    try {
      return group.getByPath(relativePath);
    } catch (HdfException e) {
      return null;
    }
  }

  private static WeightTensor tensor(Path file, Dataset dataset) {
    int[] shape = dataset.getDimensions();
    Object flat =
        dataset.isScalar()
            ? new float[] {((Number) dataset.getData()).floatValue()}
            : dataset.getDataFlat();
    float[] values;
    if (flat instanceof float[] f) {
      values = f;
    } else if (flat instanceof double[] d) {
      values = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        values[i] = (float) d[i];
      }
    } else {
      throw new IllegalArgumentException(
          file
              + ": dataset "
              + dataset.getPath()
              + " holds "
              + dataset.getJavaType()
              + ", expected float32 or float64 weights");
    }
    return new WeightTensor(shape, values);
  }

  /** A string-list attribute, joined from Keras's numbered chunks if split; null when absent. */
  static List<String> attribute(Node node, String name) {
    Map<String, Attribute> attrs = node.getAttributes();
    if (attrs.containsKey(name)) {
      return strings(attrs.get(name));
    }
    if (!attrs.containsKey(name + "0")) {
      return null;
    }
    List<String> joined = new ArrayList<>();
    for (int i = 0; attrs.containsKey(name + i); i++) {
      joined.addAll(strings(attrs.get(name + i)));
    }
    return joined;
  }

  private static List<String> strings(Attribute attribute) {
    List<String> out = new ArrayList<>();
    if (attribute.isEmpty()) {
      return out;
    }
    Object data = attribute.getData();
    if (data instanceof String s) {
      out.add(s);
    } else if (data instanceof String[] array) {
      out.addAll(List.of(array));
    } else if (data instanceof Object[] array) {
      for (Object o : array) {
        out.add(
            o instanceof byte[] b
                ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(o));
      }
    } else if (data != null && !data.getClass().isArray()) {
      out.add(String.valueOf(data));
    }
    // A numeric empty array (h5py's default for an empty list) means no names.
    return out;
  }
}
