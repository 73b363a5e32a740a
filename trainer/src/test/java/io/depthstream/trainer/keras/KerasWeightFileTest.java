package io.depthstream.trainer.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasWeightFileTest {

  @TempDir Path dir;

  /**
   * Writes the layout of Keras's save_weights: root attribute layer_names, one group per layer
   * (slashes nest), its weight_names attribute, datasets at group/<weight name>.
   */
  private Path writeDenseNetStem(Path file, boolean chunkLayerNames) {
    float[][][][] kernel = new float[7][7][3][4];
    for (int a = 0; a < 7; a++) {
      for (int b = 0; b < 7; b++) {
        for (int c = 0; c < 3; c++) {
          for (int d = 0; d < 4; d++) {
            kernel[a][b][c][d] = a * 1000 + b * 100 + c * 10 + d;
          }
        }
      }
    }
    String[] names = {"input_1", "conv1/conv", "conv1/bn", "conv1/relu"};
    try (WritableHdfFile f = HdfFile.write(file)) {
      if (chunkLayerNames) {
        f.putAttribute("layer_names0", new String[] {names[0], names[1]});
        f.putAttribute("layer_names1", new String[] {names[2], names[3]});
      } else {
        f.putAttribute("layer_names", names);
      }
      f.putAttribute("backend", "tensorflow");
      f.putAttribute("keras_version", "2.2.4");
      // Keras writes an empty weight_names here; jhdf cannot write a zero-length attribute, and
      // the reader treats an absent one the same way.
      f.putGroup("input_1");
      WritableGroup conv1 = f.putGroup("conv1");
      WritableGroup conv = conv1.putGroup("conv");
      conv.putAttribute("weight_names", new String[] {"conv1/conv/kernel:0"});
      conv.putGroup("conv1").putGroup("conv").putDataset("kernel:0", kernel);
      WritableGroup bn = conv1.putGroup("bn");
      String[] bnWeights = {"gamma", "beta", "moving_mean", "moving_variance"};
      String[] bnNames = new String[4];
      WritableGroup bnData = bn.putGroup("conv1").putGroup("bn");
      for (int i = 0; i < 4; i++) {
        bnNames[i] = "conv1/bn/" + bnWeights[i] + ":0";
        bnData.putDataset(bnWeights[i] + ":0", new float[] {i, i + 0.5f, i + 1, i + 1.5f});
      }
      bn.putAttribute("weight_names", bnNames);
      conv1.putGroup("relu");
    }
    return file;
  }

  @Test
  void readsKerasLayoutByLayerName() {
    KerasWeights w = KerasWeightFile.read(writeDenseNetStem(dir.resolve("stem.h5"), false));

    assertThat(w.layerNames()).containsExactly("input_1", "conv1/conv", "conv1/bn", "conv1/relu");
    WeightTensor kernel = w.tensor("conv1/conv", "kernel");
    assertThat(kernel.shape()).containsExactly(7, 7, 3, 4);
    // Row-major: index of [1][2][0][3] = ((1*7+2)*3+0)*4+3.
    assertThat(kernel.values()[((1 * 7 + 2) * 3) * 4 + 3]).isEqualTo(1203f);
    assertThat(w.layer("conv1/bn").keySet())
        .containsExactly("gamma", "beta", "moving_mean", "moving_variance");
    assertThat(w.tensor("conv1/bn", "moving_variance").values())
        .containsExactly(3f, 3.5f, 4f, 4.5f);
    assertThat(w.layer("conv1/relu")).isEmpty();
    assertThat(w.parameterCount()).isEqualTo(7 * 7 * 3 * 4 + 16);
  }

  @Test
  void readsAFileH5pyWroteAsKerasDoes() throws Exception {
    // keras_stem.h5: written by src/test/resources/keras/write_keras_fixture.py with h5py, byte
    // string attributes and an empty float64 weight_names on weightless layers, as Keras leaves.
    Path file = Path.of(getClass().getResource("/keras/keras_stem.h5").toURI());

    KerasWeights w = KerasWeightFile.read(file);

    assertThat(w.layerNames()).containsExactly("input_1", "conv1/conv", "conv1/bn", "conv1/relu");
    assertThat(w.layer("input_1")).isEmpty();
    WeightTensor kernel = w.tensor("conv1/conv", "kernel");
    assertThat(kernel.shape()).containsExactly(7, 7, 3, 4);
    assertThat(kernel.values()[((1 * 7 + 2) * 3) * 4 + 3]).isEqualTo(1203f);
    assertThat(w.tensor("conv1/bn", "beta").values()).containsExactly(1f, 1.5f, 2f, 2.5f);
    assertThat(w.parameterCount()).isEqualTo(7 * 7 * 3 * 4 + 16);
  }

  @Test
  void joinsLayerNamesKerasSplitIntoChunks() {
    KerasWeights w = KerasWeightFile.read(writeDenseNetStem(dir.resolve("chunked.h5"), true));

    assertThat(w.layerNames()).containsExactly("input_1", "conv1/conv", "conv1/bn", "conv1/relu");
  }

  @Test
  void requireReturnsRequestedTensorsInOrder() {
    KerasWeights w = KerasWeightFile.read(writeDenseNetStem(dir.resolve("stem.h5"), false));

    Map<String, WeightTensor> got =
        w.require(
            List.of(
                WeightSpec.of("conv1/bn", "gamma", 4),
                WeightSpec.of("conv1/conv", "kernel", 7, 7, 3, 4)));

    assertThat(got.keySet()).containsExactly("conv1/bn/gamma", "conv1/conv/kernel");
  }

  @Test
  void requireNamesEveryMissingAndMisshapenTensor() {
    KerasWeights w = KerasWeightFile.read(writeDenseNetStem(dir.resolve("stem.h5"), false));

    assertThatThrownBy(
            () ->
                w.require(
                    List.of(
                        WeightSpec.of("conv1/conv", "kernel", 7, 7, 3, 64),
                        WeightSpec.of("conv1/bn", "bias", 4),
                        WeightSpec.of("conv2_block1_0_bn", "gamma", 64))))
        .isInstanceOf(KerasWeightsMismatchException.class)
        .hasMessageContaining("stem.h5")
        .hasMessageContaining(
            "'conv1/conv/kernel' has shape [7, 7, 3, 4], the model needs [7, 7, 3, 64]")
        .hasMessageContaining("missing weight 'conv1/bn/bias'")
        .hasMessageContaining("missing layer 'conv2_block1_0_bn'")
        .satisfies(e -> assertThat(((KerasWeightsMismatchException) e).problems()).hasSize(3));
  }

  @Test
  void rejectsMissingFileAndNonKerasHdf5() throws IOException {
    assertThatThrownBy(() -> KerasWeightFile.read(dir.resolve("absent.h5")))
        .hasMessageContaining("absent.h5")
        .hasMessageContaining("does not exist");

    Path plain = dir.resolve("plain.h5");
    try (WritableHdfFile f = HdfFile.write(plain)) {
      f.putDataset("x", new float[] {1, 2});
    }
    assertThatThrownBy(() -> KerasWeightFile.read(plain))
        .hasMessageContaining("plain.h5")
        .hasMessageContaining("layer_names");

    Path text = Files.writeString(dir.resolve("text.h5"), "not hdf5 at all");
    assertThatThrownBy(() -> KerasWeightFile.read(text)).hasMessageContaining("text.h5");
  }

  @Test
  void shortNameDropsLayerPathAndIndexSuffix() {
    assertThat(KerasWeightFile.shortName("conv1/conv/kernel:0")).isEqualTo("kernel");
    assertThat(KerasWeightFile.shortName("moving_mean")).isEqualTo("moving_mean");
  }
}
