package io.depthstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.BatchNormParameters;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.NetworkGraph;
import io.depthstream.trainer.model.TensorShape;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OnnxExporterTest {

  private static final int SIZE = 64;

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"DENSEDEPTH_TINY", "BASELINE_CONV", "BASELINE_BN"})
  void onnxRuntimeAgreesWithSameDiff(Architecture architecture) throws OrtException {
    ModelConfig config = new ModelConfig(architecture, 0, SIZE, SIZE, 10.0);
    assertAgreement(config, ModelParameters.initialise(config.network(), DataType.FLOAT, 3));
  }

  @Test
  void aRefinedDenseDepthAgreesAtTheFullInputResolution() throws OrtException {
    ModelConfig config =
        new ModelConfig(
            Architecture.DENSEDEPTH_TINY, 0, SIZE, SIZE, 10.0, DepthHead.regression(), 8);
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, 3);
    // a stage that has trained: its last conv no longer zero, so the export must carry it
    Nd4j.getRandom().setSeed(6);
    params.get("refine_convB/kernel").assign(Nd4j.randn(DataType.FLOAT, 3, 3, 8, 1).mul(0.1));
    assertAgreement(config, params);
  }

  private static void assertAgreement(ModelConfig config, ModelParameters params)
      throws OrtException {
    int size = SIZE;
    Network net = config.network();
    // non-trivial running statistics, so the export must carry them correctly
    Nd4j.getRandom().setSeed(4);
    params
        .asMap()
        .forEach(
            (name, a) -> {
              if (name.endsWith(BatchNormParameters.MOVING_MEAN)
                  || name.endsWith(BatchNormParameters.BETA)) {
                a.assign(Nd4j.randn(DataType.FLOAT, a.shape()).mul(0.1));
              } else if (name.endsWith(BatchNormParameters.MOVING_VARIANCE)
                  || name.endsWith(BatchNormParameters.GAMMA)) {
                a.assign(Nd4j.rand(DataType.FLOAT, a.shape()).add(0.5));
              }
            });
    int batch = 2;
    float[] input = new float[batch * 3 * size * size];
    Random random = new Random(5);
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat();
    }

    NetworkGraph graph = NetworkGraph.build(net, params, NetworkGraph.Mode.INFERENCE, size, size);
    INDArray x = Nd4j.create(input, new long[] {batch, 3, size, size}, DataType.FLOAT);
    float[] expected =
        graph
            .sameDiff()
            .output(Map.of(Network.INPUT, x), graph.output().name())
            .get(graph.output().name())
            .data()
            .asFloat();

    byte[] model = OnnxExporter.export(net, params, size, size, "test").toByteArray();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] actual;
    long[] shape;
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor tensor =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(input), new long[] {batch, 3, size, size});
        OrtSession.Result result = session.run(Map.of(Network.INPUT, tensor))) {
      OnnxTensor out = (OnnxTensor) result.get(OnnxExporter.OUTPUT).orElseThrow();
      shape = out.getInfo().getShape();
      FloatBuffer buffer = out.getFloatBuffer();
      actual = new float[buffer.remaining()];
      buffer.get(actual);
    }

    TensorShape expectedShape = config.outputShape();
    assertThat(shape).containsExactly(batch, 1, expectedShape.height(), expectedShape.width());
    assertThat(actual).hasSameSizeAs(expected);
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
      maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
    }
    assertThat(maxAbs).isGreaterThan(1e-3);
    assertThat(maxDiff / maxAbs).as("max |onnx - samediff| / max |samediff|").isLessThan(1e-4);
  }
}
