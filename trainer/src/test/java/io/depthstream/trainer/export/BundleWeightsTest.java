package io.depthstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.Resampling;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.testing.RepositoryRoot;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.BatchNormParameters;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.NetworkGraph;
import io.depthstream.trainer.model.TrainedLikeParameters;
import io.depthstream.trainer.model.Widening;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.LearningRateSchedule;
import io.depthstream.trainer.train.LossKind;
import io.depthstream.trainer.train.OptimizerKind;
import io.depthstream.trainer.train.TrainingLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code train --init-from}: a bundle's weights read back are the weights that were exported. */
class BundleWeightsTest {

  @Test
  void everyTensorComesBackAsExportedAtAnyInputSize(@TempDir Path dir) throws Exception {
    ModelConfig exported = new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0);
    ModelParameters params = distinctValues(exported.network());
    ModelBundle bundle = export(exported, params, dir);

    // the same network at twice the input: fully convolutional, so the same tensors
    ModelConfig larger = new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 96, 128, 80.0);
    ModelParameters loaded = BundleWeights.load(bundle, larger);

    assertThat(loaded.asMap().keySet()).isEqualTo(params.asMap().keySet());
    params
        .asMap()
        .forEach(
            (name, original) ->
                assertThat(loaded.get(name).castTo(DataType.FLOAT))
                    .as(name)
                    .isEqualTo(original.castTo(DataType.FLOAT)));
  }

  @Test
  void theShippedDefaultReExportsToTheSameTensors() throws Exception {
    ModelBundle shipped =
        ModelBundle.load(RepositoryRoot.path().resolve("models/densedepth-mini-synth"));
    ModelConfig config = new ModelConfig(Architecture.DENSEDEPTH_MINI, 128, 192, 256, 80.0);

    ModelParameters loaded = BundleWeights.load(shipped, config);

    Map<String, Onnx.TensorProto> original = initializers(Files.readAllBytes(shipped.modelFile()));
    Map<String, Onnx.TensorProto> again =
        initializers(
            OnnxExporter.export(
                    config.network(),
                    loaded,
                    shipped.input().height(),
                    shipped.input().width(),
                    "again")
                .toByteArray());
    assertThat(again.keySet()).isEqualTo(original.keySet());
    original.forEach(
        (name, tensor) -> {
          assertThat(again.get(name).getDimsList()).as(name).isEqualTo(tensor.getDimsList());
          assertThat(again.get(name).getRawData()).as(name).isEqualTo(tensor.getRawData());
        });
  }

  @Test
  void aBundleOfAnotherModelIsRefusedWithTheOptionToFix(@TempDir Path dir) throws Exception {
    ModelConfig exported = new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0);
    ModelBundle bundle = export(exported, distinctValues(exported.network()), dir);

    assertThatThrownBy(
            () ->
                BundleWeights.load(
                    bundle, new ModelConfig(Architecture.DENSEDEPTH_TINY, 32, 64, 64, 80.0)))
        .hasMessageContaining("has shape")
        .hasMessageContaining("--decoder-width");
    assertThatThrownBy(
            () ->
                BundleWeights.load(
                    bundle, new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 10.0)))
        .hasMessageContaining("pass --max-depth 80.0");
    assertThatThrownBy(
            () ->
                BundleWeights.load(
                    bundle, new ModelConfig(Architecture.DENSEDEPTH_MINI, 24, 64, 64, 80.0)))
        .hasMessageContaining("pass the --model the bundle was trained with");
    assertThatThrownBy(
            () ->
                BundleWeights.load(
                    bundle,
                    new ModelConfig(
                        Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0, DepthHead.sid(16))))
        .hasMessageContaining("pass the --head and --bins");
  }

  @Test
  void aWiderDecoderStartsFromTheBundlesOwnPredictions(@TempDir Path dir) throws Exception {
    ModelConfig exported = new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0);
    ModelParameters params = TrainedLikeParameters.of(exported.network(), 3);
    ModelBundle bundle = export(exported, params, dir);
    ModelConfig wider = new ModelConfig(Architecture.DENSEDEPTH_TINY, 48, 64, 64, 80.0);

    INDArray image = Nd4j.rand(DataType.FLOAT, 1, Network.INPUT_CHANNELS, 64, 64);
    INDArray before = predict(exported.network(), params, image);
    for (Widening.Form form : Widening.Form.values()) {
      BundleWeights.Loaded loaded = BundleWeights.loadWidened(bundle, wider, form, 5);
      ModelParameters widened = loaded.parameters();

      assertThat(loaded.fromWidth()).isEqualTo(24);
      assertThat(loaded.toWidth()).isEqualTo(48);
      assertThat(loaded.widened()).isTrue();

      assertThat(widened.get("conv2/kernel").shape()[3]).isEqualTo(48);
      INDArray after = predict(wider.network(), widened, image);
      assertThat(after.sub(before).amaxNumber().doubleValue())
          .as(form.id())
          .isLessThan(1e-4 * before.amaxNumber().doubleValue());
    }
    // as wide as the bundle: the plain load
    BundleWeights.Loaded same = BundleWeights.loadWidened(bundle, exported, Widening.Form.COPY, 5);
    assertThat(same.widened()).isFalse();
    assertThat(same.parameters().get("conv2/kernel")).isEqualTo(params.get("conv2/kernel"));
    assertThatThrownBy(
            () ->
                BundleWeights.loadWidened(
                    bundle,
                    new ModelConfig(Architecture.DENSEDEPTH_TINY, 16, 64, 64, 80.0),
                    Widening.Form.COPY,
                    5))
        .hasMessageContaining("widened from a bundle, not narrowed")
        .hasMessageContaining("--decoder-width 24");
  }

  @Test
  void aRefinementStageStartsAsTheBundlesPredictionsEnlarged(@TempDir Path dir) throws Exception {
    ModelConfig exported = new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0);
    ModelParameters params = TrainedLikeParameters.of(exported.network(), 3);
    ModelBundle bundle = export(exported, params, dir.resolve("half"));
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, Network.INPUT_CHANNELS, 64, 64);
    float[] enlarged =
        Resampling.plane(
            predict(exported.network(), params, image).data().asFloat(), 32, 32, 64, 64);

    // as wide as the bundle, and twice as wide (widened first, then refined)
    for (int width : new int[] {24, 48}) {
      ModelConfig refined =
          new ModelConfig(
              Architecture.DENSEDEPTH_TINY, width, 64, 64, 80.0, DepthHead.regression(), 8);
      BundleWeights.Loaded loaded =
          BundleWeights.loadWidened(bundle, refined, Widening.Form.COPY, 5);

      assertThat(loaded.refinementAdded()).isTrue();
      assertThat(loaded.widened()).isEqualTo(width > 24);
      float[] full = predict(refined.network(), loaded.parameters(), image).data().asFloat();
      double scale = Nd4j.createFromArray(enlarged).amaxNumber().doubleValue();
      assertThat(Nd4j.createFromArray(full).sub(Nd4j.createFromArray(enlarged)).amaxNumber())
          .as("F = " + width)
          .satisfies(d -> assertThat(d.doubleValue()).isLessThan(1e-4 * scale));
    }

    // a refined bundle loads as it is, and refuses another stage width or a wider decoder
    ModelConfig refined =
        new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0, DepthHead.regression(), 8);
    ModelParameters trained =
        BundleWeights.loadWidened(bundle, refined, Widening.Form.COPY, 5).parameters();
    ModelBundle refinedBundle = export(refined, trained, dir.resolve("refined"));
    BundleWeights.Loaded again =
        BundleWeights.loadWidened(refinedBundle, refined, Widening.Form.COPY, 5);
    assertThat(again.refinementAdded()).isFalse();
    assertThat(again.parameters().get("refine_convA/kernel"))
        .isEqualTo(trained.get("refine_convA/kernel"));
    assertThatThrownBy(
            () ->
                BundleWeights.loadWidened(
                    refinedBundle,
                    new ModelConfig(
                        Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0, DepthHead.regression(), 16),
                    Widening.Form.COPY,
                    5))
        .hasMessageContaining("pass --refine-width 8");
    assertThatThrownBy(
            () -> BundleWeights.loadWidened(refinedBundle, exported, Widening.Form.COPY, 5))
        .hasMessageContaining("pass --refine-width 8");
    assertThatThrownBy(
            () ->
                BundleWeights.loadWidened(
                    refinedBundle,
                    new ModelConfig(
                        Architecture.DENSEDEPTH_TINY, 48, 64, 64, 80.0, DepthHead.regression(), 8),
                    Widening.Form.COPY,
                    5))
        .hasMessageContaining("pass --decoder-width 24");
  }

  private static INDArray predict(Network network, ModelParameters params, INDArray image) {
    NetworkGraph graph = NetworkGraph.build(network, params, NetworkGraph.Mode.INFERENCE, 64, 64);
    return graph
        .sameDiff()
        .output(Map.of(Network.INPUT, image), graph.output().name())
        .get(graph.output().name());
  }

  private static ModelBundle export(ModelConfig config, ModelParameters params, Path dir)
      throws Exception {
    Checkpoint checkpoint =
        new Checkpoint(
            config,
            TrainingLoss.of(LossKind.DENSEDEPTH),
            OptimizerKind.AMSGRAD,
            LearningRateSchedule.constant(1e-4),
            0,
            0,
            0,
            4,
            "test",
            "test",
            0,
            Map.of(),
            params,
            Map.of());
    return BundleExporter.export(checkpoint, dir, "start", "0.0.1");
  }

  /**
   * Every tensor filled with values no other tensor holds, batch-norm variances positive, so a
   * swapped, transposed or skipped tensor shows.
   */
  private static ModelParameters distinctValues(Network network) {
    ModelParameters params = ModelParameters.initialise(network, DataType.FLOAT, 3);
    float next = 1;
    for (Map.Entry<String, INDArray> e : new TreeMap<>(params.asMap()).entrySet()) {
      INDArray a = e.getValue();
      float[] values = new float[(int) a.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = next++ * 1e-4f;
      }
      a.assign(Nd4j.create(values, a.shape(), DataType.FLOAT));
      if (e.getKey().endsWith(BatchNormParameters.MOVING_VARIANCE)) {
        a.addi(1);
      }
    }
    return params;
  }

  private static Map<String, Onnx.TensorProto> initializers(byte[] model) throws Exception {
    Map<String, Onnx.TensorProto> out = new TreeMap<>();
    for (Onnx.TensorProto t : Onnx.ModelProto.parseFrom(model).getGraph().getInitializerList()) {
      out.put(t.getName(), t);
    }
    return out;
  }
}
