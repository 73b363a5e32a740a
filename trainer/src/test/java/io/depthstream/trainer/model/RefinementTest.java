package io.depthstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.Resampling;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DenseDepth's decoder with the refinement stage ({@code --refine-width}): output at the full input
 * resolution, starting as the half-resolution output enlarged by the project's one resize.
 */
class RefinementTest {

  private static final int SIZE = 64;

  private final ModelConfig refined =
      new ModelConfig(
          Architecture.DENSEDEPTH_TINY, 24, SIZE, SIZE, 80.0, DepthHead.regression(), 8);

  @Test
  void theOutputIsAtTheInputsResolutionAndOnlyTheStageIsNew() {
    ModelConfig half = refined.withoutRefinement();

    assertThat(half.outputShape()).isEqualTo(new TensorShape(1, SIZE / 2, SIZE / 2));
    assertThat(refined.outputShape()).isEqualTo(new TensorShape(1, SIZE, SIZE));
    Map<String, long[]> added = new LinkedHashMap<>(refined.network().parameterShapes());
    half.network().parameterShapes().keySet().forEach(added::remove);
    // depth (1) + the last up-block's 24/16 = 1 channel + RGB (3) in, 8 out; then 8 in, 1 out
    assertThat(added.keySet())
        .containsExactly(
            "refine_convA/kernel", "refine_convA/bias", "refine_convB/kernel", "refine_convB/bias");
    assertThat(added.get("refine_convA/kernel")).containsExactly(3, 3, 5, 8);
    assertThat(added.get("refine_convB/kernel")).containsExactly(3, 3, 8, 1);
  }

  @Test
  void aFreshStageIsTheHalfResolutionDepthEnlargedUntilItsLastConvMoves() {
    ModelParameters params = TrainedLikeParameters.of(refined.network(), 3);
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, Network.INPUT_CHANNELS, SIZE, SIZE);
    Network halfNetwork = refined.withoutRefinement().network();
    Map<String, INDArray> shared = new LinkedHashMap<>();
    halfNetwork.parameterShapes().keySet().forEach(n -> shared.put(n, params.get(n)));

    float[] half = predict(halfNetwork, ModelParameters.of(halfNetwork, shared), image);
    float[] enlarged = Resampling.plane(half, SIZE / 2, SIZE / 2, SIZE, SIZE);
    float[] full = predict(refined.network(), params, image);

    assertThat(params.get("refine_convB/kernel").amaxNumber().doubleValue()).isZero();
    assertThat(maxDifference(full, enlarged)).isLessThan(1e-5 * maxAbs(enlarged));

    // the stage's own convs do change the output once the zero kernel has moved
    params.get("refine_convB/kernel").assign(Nd4j.randn(DataType.FLOAT, 3, 3, 8, 1).mul(0.1));
    float[] moved = predict(refined.network(), params, image);
    assertThat(maxDifference(moved, enlarged)).isGreaterThan(1e-2 * maxAbs(enlarged));
  }

  @Test
  void onlyDenseDepthHasTheStage() {
    assertThatThrownBy(
            () ->
                new ModelConfig(
                    Architecture.BASELINE_CONV, 0, 64, 64, 10.0, DepthHead.regression(), 8))
        .hasMessageContaining("--refine-width")
        .hasMessageContaining("densedepth-*");
  }

  static float[] predict(Network network, ModelParameters params, INDArray image) {
    NetworkGraph graph =
        NetworkGraph.build(network, params, NetworkGraph.Mode.INFERENCE, SIZE, SIZE);
    return graph
        .sameDiff()
        .output(Map.of(Network.INPUT, image), graph.output().name())
        .get(graph.output().name())
        .data()
        .asFloat();
  }

  private static double maxDifference(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static double maxAbs(float[] a) {
    double max = 0;
    for (float v : a) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
