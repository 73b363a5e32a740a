package io.depthstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.BinnedOutput;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.AsppHead;
import io.depthstream.trainer.model.BatchNormParameters;
import io.depthstream.trainer.model.BilinearUpsampling;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.NetworkGraph;
import io.depthstream.trainer.model.ResNetEncoder;
import io.depthstream.trainer.model.TensorShape;
import io.depthstream.trainer.train.BinObjective;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.LearningRateSchedule;
import io.depthstream.trainer.train.LossKind;
import io.depthstream.trainer.train.OptimizerKind;
import io.depthstream.trainer.train.TrainingLoss;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A classification model exported as a bundle: ONNX Runtime's K bin logits match SameDiff's, the
 * bundle declares {@code depth_bins} with the trained bins, and core's {@link DepthEstimator} turns
 * it into the same metric depth the trainer's validation decodes.
 */
class ClassificationExportTest {

  private static final Logger LOG = LoggerFactory.getLogger(ClassificationExportTest.class);
  private static final int SIZE = 64;
  private static final int BINS = 16;

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"DEEPLAB_TINY", "DENSEDEPTH_TINY"})
  void exportedBinsBundleMatchesSameDiffAndDecodesToMetres(
      Architecture architecture, @TempDir Path dir) throws Exception {
    ModelConfig config = new ModelConfig(architecture, 32, SIZE, SIZE, 80.0, DepthHead.sid(BINS));
    Network net = config.network();
    ModelParameters params = withTrainedLookingStatistics(net);
    byte[] rgb = new byte[SIZE * SIZE * 3];
    new Random(5).nextBytes(rgb);
    float[] input = nchw(rgb);

    NetworkGraph graph = NetworkGraph.build(net, params, NetworkGraph.Mode.INFERENCE, SIZE, SIZE);
    float[] expected =
        graph
            .sameDiff()
            .output(
                Map.of(
                    Network.INPUT,
                    Nd4j.create(input, new long[] {1, 3, SIZE, SIZE}, DataType.FLOAT)),
                graph.output().name())
            .get(graph.output().name())
            .data()
            .asFloat();

    Checkpoint checkpoint =
        new Checkpoint(
            config,
            TrainingLoss.of(LossKind.CROSS_ENTROPY),
            OptimizerKind.ADAM,
            LearningRateSchedule.constant(1e-3),
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
    ModelBundle bundle = BundleExporter.export(checkpoint, dir, "bins", "0.0.1");

    float[] logits = runOnnx(bundle.directory().resolve(ModelBundle.MODEL_FILE), input);
    assertThat(logits).hasSameSizeAs(expected).hasSize(BINS * SIZE / 2 * SIZE / 2);
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
      maxDiff = Math.max(maxDiff, Math.abs(expected[i] - logits[i]));
    }
    LOG.info("{}: max |ORT − SameDiff| = {} (max |logit| {})", architecture.id(), maxDiff, maxAbs);
    assertThat(maxAbs).isGreaterThan(1e-2);
    assertThat(maxDiff / maxAbs).as("max |onnx - samediff| / max |samediff|").isLessThan(1e-4);

    ModelBundle loaded = ModelBundle.load(bundle.directory());
    assertThat(loaded.output().kind()).isEqualTo(OutputKind.DEPTH_BINS);
    assertThat(loaded.output().bins().bins()).isEqualTo(config.bins());
    assertThat(loaded.output().bins().readout()).isEqualTo(BinnedOutput.Readout.EXPECTATION);
    assertThat(loaded.output().bins().activation()).isEqualTo(BinnedOutput.Activation.SOFTMAX);
    assertThat(config.bins().alpha()).isEqualTo(0.8);
    assertThat(config.bins().beta()).isEqualTo(80.0);

    // the trainer's validation readout, upsampled as the estimator upsamples (half-pixel, 2×)
    int half = SIZE / 2;
    float[] atModelSize =
        new BinObjective(config.bins()).depth(expected, 1, new TensorShape(BINS, half, half));
    double[][] up = BilinearUpsampling.matrix(half, 2);
    DepthImage served;
    try (DepthEstimator estimator =
        DepthEstimator.open(loaded, new EngineOptions(DeviceChoice.CPU, 0, 1, 1, 1, false))) {
      served = estimator.predict(new RgbImage(SIZE, SIZE, rgb)).depth();
    }
    assertThat(served.width()).isEqualTo(SIZE);
    double worst = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double want = 0;
        for (int i = 0; i < half; i++) {
          for (int j = 0; j < half; j++) {
            want += up[i][y] * up[j][x] * atModelSize[i * half + j];
          }
        }
        float got = served.at(x, y);
        assertThat(got).isBetween(0.8f, 80f);
        worst = Math.max(worst, Math.abs(got - want) / want);
      }
    }
    LOG.info(
        "{}: served depth vs trainer decode, worst relative error {}", architecture.id(), worst);
    assertThat(worst).isLessThan(1e-3);
  }

  @Test
  void deepLabV2RatesExportLikeSameDiff() throws Exception {
    // DeepLab v2's ASPP rates 6/12/18/24 (wider than the 8×8 map) on the tiny ResNet
    Network net = AsppHead.deepLabV2().network("aspp-v2", ResNetEncoder.tiny(), BINS);
    ModelParameters params = withTrainedLookingStatistics(net);
    byte[] rgb = new byte[SIZE * SIZE * 3];
    new Random(6).nextBytes(rgb);
    float[] input = nchw(rgb);
    NetworkGraph graph = NetworkGraph.build(net, params, NetworkGraph.Mode.INFERENCE, SIZE, SIZE);
    float[] expected =
        graph
            .sameDiff()
            .output(
                Map.of(
                    Network.INPUT,
                    Nd4j.create(input, new long[] {1, 3, SIZE, SIZE}, DataType.FLOAT)),
                graph.output().name())
            .get(graph.output().name())
            .data()
            .asFloat();
    Path file = Files.createTempFile("aspp-v2", ".onnx");
    try {
      Files.write(file, OnnxExporter.export(net, params, SIZE, SIZE, "test").toByteArray());
      float[] actual = runOnnx(file, input);
      double maxAbs = 0;
      double maxDiff = 0;
      for (int i = 0; i < expected.length; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
      }
      LOG.info("ASPP 6/12/18/24: max |ORT − SameDiff| = {} (max |logit| {})", maxDiff, maxAbs);
      assertThat(maxDiff / maxAbs).isLessThan(1e-4);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** He-initialised weights with BN statistics that are not the identity, as after training. */
  private static ModelParameters withTrainedLookingStatistics(Network net) {
    ModelParameters params = ModelParameters.initialise(net, DataType.FLOAT, 3);
    Nd4j.getRandom().setSeed(4);
    params
        .asMap()
        .forEach(
            (name, a) -> {
              if (name.endsWith(BatchNormParameters.MOVING_MEAN)
                  || name.endsWith(BatchNormParameters.BETA)
                  || name.endsWith("/bias")) {
                a.assign(Nd4j.randn(DataType.FLOAT, a.shape()).mul(0.1));
              } else if (name.endsWith(BatchNormParameters.MOVING_VARIANCE)
                  || name.endsWith(BatchNormParameters.GAMMA)) {
                a.assign(Nd4j.rand(DataType.FLOAT, a.shape()).add(0.5));
              }
            });
    return params;
  }

  private static float[] nchw(byte[] rgb) {
    float[] input = new float[3 * SIZE * SIZE];
    for (int p = 0; p < SIZE * SIZE; p++) {
      for (int c = 0; c < 3; c++) {
        input[c * SIZE * SIZE + p] = (rgb[p * 3 + c] & 0xFF) / 255f;
      }
    }
    return input;
  }

  private static float[] runOnnx(Path model, float[] input) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
        OnnxTensor tensor =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, SIZE, SIZE});
        OrtSession.Result result = session.run(Map.of(Network.INPUT, tensor))) {
      OnnxTensor out = (OnnxTensor) result.get(OnnxExporter.OUTPUT).orElseThrow();
      assertThat(out.getInfo().getShape()).containsExactly(1, BINS, SIZE / 2, SIZE / 2);
      FloatBuffer buffer = out.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }
}
