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
  void aScaledParameterMovesThatMultipleOfTheRate() {
    INDArray plain = Nd4j.createFromArray(0.0);
    INDArray scaled = Nd4j.createFromArray(0.0);
    AdamOptimizer adam =
        new AdamOptimizer(
            OptimizerKind.AMSGRAD,
            LearningRateSchedule.constant(1e-3),
            0.9,
            0.999,
            1e-12,
            Map.of("new", 20.0));
    adam.apply(
        Map.of("old", plain, "new", scaled),
        Map.of("old", Nd4j.createFromArray(1.0), "new", Nd4j.createFromArray(1.0)));
    assertThat(plain.getDouble(0)).isCloseTo(-1e-3, within(1e-12));
    assertThat(scaled.getDouble(0)).isCloseTo(-20e-3, within(1e-12));
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

  @Test
  void amsGradDividesByTheLargestSecondMomentSoFar() {
    // gradients 3 then 0: v falls from 0.009 to 0.008991, AMSGrad keeps dividing by 0.009
    double lr = 0.1;
    INDArray amsParam = Nd4j.createFromArray(0.0);
    INDArray adamParam = Nd4j.createFromArray(0.0);
    AdamOptimizer ams =
        new AdamOptimizer(
            OptimizerKind.AMSGRAD, LearningRateSchedule.constant(lr), 0.9, 0.999, 1e-7);
    AdamOptimizer adam = new AdamOptimizer(lr, 0.9, 0.999, 1e-7);
    for (double g : new double[] {3, 0}) {
      ams.apply(Map.of("w", amsParam), Map.of("w", Nd4j.createFromArray(g)));
      adam.apply(Map.of("w", adamParam), Map.of("w", Nd4j.createFromArray(g)));
    }
    // Keras' AMSGrad by hand: lr_t = lr·√(1−β2ᵗ)/(1−β1ᵗ), p −= lr_t·m / (√max(v̂, v) + ε)
    double m1 = 0.1 * 3;
    double v1 = 0.001 * 9;
    double step1 = lr * Math.sqrt(1 - 0.999) / (1 - 0.9) * m1 / (Math.sqrt(v1) + 1e-7);
    double m2 = 0.9 * m1;
    double v2 = 0.999 * v1;
    double lr2 = lr * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9);
    double amsStep2 = lr2 * m2 / (Math.sqrt(Math.max(v1, v2)) + 1e-7);
    double adamStep2 = lr2 * m2 / (Math.sqrt(v2) + 1e-7);
    assertThat(amsParam.getDouble(0)).isCloseTo(-step1 - amsStep2, within(1e-12));
    assertThat(adamParam.getDouble(0)).isCloseTo(-step1 - adamStep2, within(1e-12));
    assertThat(amsParam.getDouble(0)).isNotCloseTo(adamParam.getDouble(0), within(1e-6));
    assertThat(ams.state()).containsKeys("m/w", "v/w", "vmax/w");
    assertThat(ams.state().get("vmax/w").getDouble(0)).isCloseTo(v1, within(1e-15));
  }

  @Test
  void restoredAmsGradStateContinuesIdentically() {
    INDArray a = Nd4j.createFromArray(0.5, -0.5);
    AdamOptimizer first =
        new AdamOptimizer(
            OptimizerKind.AMSGRAD, LearningRateSchedule.constant(0.01), 0.9, 0.999, 1e-7);
    first.apply(Map.of("w", a), Map.of("w", Nd4j.createFromArray(0.9, 0.1)));
    AdamOptimizer copy =
        new AdamOptimizer(
            OptimizerKind.AMSGRAD, LearningRateSchedule.constant(0.01), 0.9, 0.999, 1e-7);
    Map<String, INDArray> state = new java.util.HashMap<>();
    first.state().forEach((k, v) -> state.put(k, v.dup()));
    copy.restore(state, first.iterations());
    INDArray b = a.dup();
    // a small second gradient, so the kept maximum decides the step
    first.apply(Map.of("w", a), Map.of("w", Nd4j.createFromArray(0.01, 0.4)));
    copy.apply(Map.of("w", b), Map.of("w", Nd4j.createFromArray(0.01, 0.4)));
    assertThat(b).isEqualTo(a);
  }
}
