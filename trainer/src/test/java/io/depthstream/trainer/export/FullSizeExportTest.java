package io.depthstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.NetworkGraph;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The full-size DenseDepth-169 (paper decoder width 1664) builds, exports and runs in ONNX Runtime
 * with the same output as SameDiff. A small input keeps it quick; the weights are full size.
 */
class FullSizeExportTest {

  @Test
  void denseDepth169ExportsAndAgreesWithSameDiff(@TempDir Path dir) throws Exception {
    Network net = Architecture.DENSEDEPTH_169.network(0);
    ModelParameters params = ModelParameters.initialise(net, DataType.FLOAT, 1);
    int size = 64;
    Onnx.ModelProto proto = OnnxExporter.export(net, params, size, size, "test");
    Path file = dir.resolve("model.onnx");
    try (var out = Files.newOutputStream(file)) {
      proto.writeTo(out);
    }
    assertThat(Files.size(file)).isGreaterThan(net.parameterCount() * 4);

    float[] input = new float[3 * size * size];
    Random random = new Random(2);
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat();
    }
    NetworkGraph graph = NetworkGraph.build(net, params, NetworkGraph.Mode.INFERENCE, size, size);
    float[] expected =
        graph
            .sameDiff()
            .output(
                Map.of(
                    Network.INPUT,
                    Nd4j.create(input, new long[] {1, 3, size, size}, DataType.FLOAT)),
                graph.output().name())
            .get(graph.output().name())
            .data()
            .asFloat();

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] actual;
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
        OnnxTensor tensor =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, size, size});
        OrtSession.Result result = session.run(Map.of(Network.INPUT, tensor))) {
      FloatBuffer buffer =
          ((OnnxTensor) result.get(OnnxExporter.OUTPUT).orElseThrow()).getFloatBuffer();
      actual = new float[buffer.remaining()];
      buffer.get(actual);
    }
    assertThat(actual).hasSize(size / 2 * size / 2);
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
      maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
    }
    assertThat(maxDiff / maxAbs).isLessThan(1e-4);
  }
}
