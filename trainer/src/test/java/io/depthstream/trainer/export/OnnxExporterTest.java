package io.depthstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.BatchNormParameters;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.NetworkGraph;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OnnxExporterTest {

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"DENSEDEPTH_TINY", "BASELINE_CONV", "BASELINE_BN"})
  void onnxRuntimeAgreesWithSameDiff(Architecture architecture) throws OrtException {
    int size = 64;
    ModelConfig config = new ModelConfig(architecture, 0, size, size, 10.0);
    Network net = config.network();
    ModelParameters params = ModelParameters.initialise(net, DataType.FLOAT, 3);
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

    assertThat(shape).containsExactly(batch, 1, size / 2, size / 2);
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
