package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.trainer.keras.KerasWeightFile;
import io.depthstream.trainer.keras.KerasWeightsMismatchException;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.DenseNetEncoder;
import io.depthstream.trainer.model.Layer;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mapping from Keras' DenseNet-169 weight file into DenseDepth-169's parameters, checked on a
 * file laid out as Keras' {@code DenseNet169(include_top=False).save_weights} writes it: every
 * layer in Keras' order (weightless ones too), each weight at {@code <layer>/<layer>/<weight>:0},
 * kernels [kH, kW, in, out]. Every tensor holds values no other tensor holds, laid out so that a
 * transposed or swapped tensor reads differently, and every model parameter is compared after
 * loading.
 */
class PretrainedEncoderTest {

  /** Keras' DenseNet169(include_top=False).count_params(), running statistics included. */
  private static final long KERAS_DENSENET169_PARAMETERS = 12_642_880;

  @TempDir Path dir;

  @Test
  void everyDenseNet169TensorLandsInItsParameter() {
    long values = checkMapping(Architecture.DENSEDEPTH_169);
    assertThat(values).isEqualTo(KERAS_DENSENET169_PARAMETERS);
  }

  /**
   * Writes a Keras file of every encoder tensor of {@code architecture}, loads it into fresh model
   * parameters and compares every parameter; returns the number of values written.
   */
  private long checkMapping(Architecture architecture) {
    DenseNetEncoder encoder = architecture.denseNet();
    Map<String, float[]> written = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    Path file = writeKerasFile(encoder, dir.resolve(encoder.name() + ".h5"), written, shapes, "");

    ModelConfig config = new ModelConfig(architecture, 32, 64, 64, 10.0);
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, 1);
    Map<String, float[]> decoderBefore = new HashMap<>();
    params
        .asMap()
        .forEach(
            (name, a) -> {
              if (!written.containsKey(name)) {
                decoderBefore.put(name, flat(a));
              }
            });

    int loaded = PretrainedEncoder.load(KerasWeightFile.read(file), encoder, params);

    assertThat(loaded).isEqualTo(written.size());
    for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
      String name = e.getKey();
      INDArray actual = e.getValue();
      if (written.containsKey(name)) {
        long[] shape = new long[shapes.get(name).length];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapes.get(name)[i];
        }
        assertThat(actual.shape()).as(name).containsExactly(shape);
        assertSameValues(name, flat(actual), written.get(name));
      } else {
        // the decoder has no ImageNet weights and keeps its initialisation
        assertSameValues(name, flat(actual), decoderBefore.get(name));
      }
    }
    assertThat(decoderBefore).isNotEmpty();
    return written.values().stream().mapToLong(v -> v.length).sum();
  }

  @Test
  void aFileMissingOneLayerIsRefusedNamingIt() {
    DenseNetEncoder encoder = DenseNetEncoder.denseNet169();
    Path file =
        writeKerasFile(
            encoder,
            dir.resolve("incomplete.h5"),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            "conv5_block32_2_conv");
    ModelParameters params = ModelParameters.initialise(encoder.network(), DataType.FLOAT, 1);

    assertThatThrownBy(() -> PretrainedEncoder.load(KerasWeightFile.read(file), encoder, params))
        .isInstanceOf(KerasWeightsMismatchException.class)
        .hasMessageContaining("missing layer 'conv5_block32_2_conv'");
  }

  /**
   * Writes {@code encoder}'s layers as Keras does, recording each tensor's values and shape under
   * its parameter name; {@code leaveOut} names a layer not to write ("" for none).
   */
  private static Path writeKerasFile(
      DenseNetEncoder encoder,
      Path file,
      Map<String, float[]> written,
      Map<String, int[]> shapes,
      String leaveOut) {
    Network network = encoder.network();
    Map<String, long[]> parameterShapes = network.parameterShapes();
    List<String> layerNames = new ArrayList<>();
    layerNames.add("input_1");
    layerNames.add("zero_padding2d_1"); // Keras pads before conv1/conv and pool1 in layers of
    for (Layer layer : encoder.layers()) { // their own; the model folds both into the next layer
      if (layer.name().equals("pool1")) {
        layerNames.add("zero_padding2d_2");
      }
      if (!layer.name().equals(leaveOut)) {
        layerNames.add(layer.name());
      }
    }
    int tensorIndex = 0;
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putAttribute("layer_names", layerNames.toArray(String[]::new));
      hdf.putAttribute("backend", "tensorflow");
      hdf.putAttribute("keras_version", "2.2.4");
      Map<String, WritableGroup> groups = new HashMap<>();
      for (String layer : layerNames) {
        WritableGroup group = group(hdf, groups, layer);
        List<String> weightNames = new ArrayList<>();
        for (String weight : List.of("kernel", "gamma", "beta", "moving_mean", "moving_variance")) {
          long[] shape = parameterShapes.get(layer + "/" + weight);
          if (shape == null) {
            continue;
          }
          int[] dims = new int[shape.length];
          int count = 1;
          for (int i = 0; i < shape.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
            count *= dims[i];
          }
          // tensor k holds k·1024 + (i mod 1021): no value is shared between tensors, and the
          // pattern runs across every axis, so a transposed tensor would not match either
          float[] values = new float[count];
          for (int i = 0; i < count; i++) {
            values[i] = tensorIndex * 1024f + (i % 1021);
          }
          tensorIndex++;
          written.put(layer + "/" + weight, values);
          shapes.put(layer + "/" + weight, dims);
          String weightName = layer + "/" + weight + ":0";
          weightNames.add(weightName);
          WritableGroup data = group;
          for (String part : layer.split("/")) {
            data = child(data, part);
          }
          data.putDataset(weight + ":0", dims.length == 1 ? values : nested(values, dims));
        }
        if (!weightNames.isEmpty()) {
          group.putAttribute("weight_names", weightNames.toArray(String[]::new));
        }
      }
    }
    return file;
  }

  /** The group of a layer; a name like {@code conv1/conv} nests, and siblings share parents. */
  private static WritableGroup group(
      WritableGroup root, Map<String, WritableGroup> groups, String path) {
    WritableGroup g = groups.get(path);
    if (g != null) {
      return g;
    }
    int slash = path.lastIndexOf('/');
    WritableGroup parent = slash < 0 ? root : group(root, groups, path.substring(0, slash));
    g = parent.putGroup(path.substring(slash + 1));
    groups.put(path, g);
    return g;
  }

  private static WritableGroup child(WritableGroup parent, String name) {
    return parent.getChild(name) instanceof WritableGroup g ? g : parent.putGroup(name);
  }

  /** A row-major rank-4 Java array, the form jhdf writes with its shape. */
  private static float[][][][] nested(float[] values, int[] d) {
    float[][][][] out = new float[d[0]][d[1]][d[2]][d[3]];
    int i = 0;
    for (int a = 0; a < d[0]; a++) {
      for (int b = 0; b < d[1]; b++) {
        for (int c = 0; c < d[2]; c++) {
          System.arraycopy(values, i, out[a][b][c], 0, d[3]);
          i += d[3];
        }
      }
    }
    return out;
  }

  /** Compares whole arrays at once (AssertJ's element diff is quadratic on millions of values). */
  private static void assertSameValues(String name, float[] actual, float[] expected) {
    int first = java.util.Arrays.mismatch(actual, expected);
    assertThat(first)
        .as(
            "%s: first differing element %d of %d (actual %s, file %s)",
            name,
            first,
            expected.length,
            first >= 0 && first < actual.length ? actual[first] : "-",
            first >= 0 && first < expected.length ? expected[first] : "-")
        .isEqualTo(-1);
  }

  private static float[] flat(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
