package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamOptimizerTest {

  @Test
  void firstStepMovesEachParameterByTheLearningRateAgainstItsGradient() {
    // after one step m̂ = g and v̂ = g², so the update is lr·g/|g|
    INDArray p = Nd4j.createFromArray(0.0, 0.0, 1.0);
    AdamOptimizer adam = new AdamOptimizer(0.1, 0.9, 0.999, 1e-12);
    adam.apply(Map.of("w", p), Map.of("w", Nd4j.createFromArray(1.0, -2.0, 0.5)));
    assertThat(p.getDouble(0)).isCloseTo(-0.1, within(1e-9));
    assertThat(p.getDouble(1)).isCloseTo(0.1, within(1e-9));
    assertThat(p.getDouble(2)).isCloseTo(0.9, within(1e-9));
    assertThat(adam.iterations()).isEqualTo(1);
  }

  @Test
  void scheduledDecayShrinksTheStepFromItsStepOn() {
    // with a constant gradient m̂/√v̂ = 1 at every step, so each update is exactly the step's rate
    INDArray p = Nd4j.createFromArray(0.0);
    AdamOptimizer adam =
        new AdamOptimizer(new LearningRateSchedule(0.1, List.of(2L), 0.1), 0.9, 0.999, 0.0);
    double[] moves = new double[4];
    for (int i = 0; i < moves.length; i++) {
      double before = p.getDouble(0);
      assertThat(adam.learningRate()).isEqualTo(i < 2 ? 0.1 : 0.1 * 0.1);
      adam.apply(Map.of("w", p), Map.of("w", Nd4j.createFromArray(1.0)));
      moves[i] = before - p.getDouble(0);
    }
    assertThat(moves[0]).isCloseTo(0.1, within(1e-9));
    assertThat(moves[1]).isCloseTo(0.1, within(1e-9));
    assertThat(moves[2]).isCloseTo(0.01, within(1e-9));
    assertThat(moves[3]).isCloseTo(0.01, within(1e-9));
  }

  @Test
  void secondStepUsesBiasCorrectedMoments() {
    INDArray p = Nd4j.createFromArray(0.0);
    AdamOptimizer adam = new AdamOptimizer(0.1, 0.9, 0.999, 0.0);
    adam.apply(Map.of("w", p), Map.of("w", Nd4j.createFromArray(1.0)));
    adam.apply(Map.of("w", p), Map.of("w", Nd4j.createFromArray(3.0)));
    double m = 0.9 * 0.1 + 0.1 * 3; // 0.39
    double v = 0.999 * 0.001 + 0.001 * 9; // 0.009999
    double step = 0.1 * (m / (1 - 0.81)) / Math.sqrt(v / (1 - 0.999 * 0.999));
    assertThat(p.getDouble(0)).isCloseTo(-0.1 - step, within(1e-9));
  }

  @Test
  void restoredStateContinuesIdentically() {
    INDArray a = Nd4j.createFromArray(0.5, -0.5);
    INDArray b = a.dup();
    AdamOptimizer first = new AdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    first.apply(Map.of("w", a), Map.of("w", Nd4j.createFromArray(0.3, 0.1)));
    AdamOptimizer copy = new AdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    Map<String, INDArray> state = new java.util.HashMap<>();
    first.state().forEach((k, v) -> state.put(k, v.dup()));
    copy.restore(state, first.iterations());
    b.assign(a);
    first.apply(Map.of("w", a), Map.of("w", Nd4j.createFromArray(-0.2, 0.4)));
    copy.apply(Map.of("w", b), Map.of("w", Nd4j.createFromArray(-0.2, 0.4)));
    assertThat(b).isEqualTo(a);
  }
}
