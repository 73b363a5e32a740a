package io.depthstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Compares SameDiff's analytic gradients with central differences, in double precision. */
public final class FiniteDifferences {

  private static final double STEP = 1e-6;

  private FiniteDifferences() {}

  /**
   * Checks {@code samples} random elements of each named variable; the graph's single loss variable
   * must be a scalar.
   */
  public static void check(
      SameDiff sd, String loss, Map<String, INDArray> placeholders, int samples, String... vars) {
    Map<String, INDArray> analytic = sd.calculateGradients(placeholders, vars);
    Random random = new Random(7);
    for (String name : vars) {
      INDArray param = sd.getVariable(name).getArr();
      INDArray grad = analytic.get(name);
      assertThat(grad).as("gradient of " + name).isNotNull();
      for (int s = 0; s < samples; s++) {
        long i = random.nextInt((int) param.length());
        double original = param.getDouble(i);
        param.putScalar(i, original + STEP);
        double up = sd.output(placeholders, loss).get(loss).getDouble(0);
        param.putScalar(i, original - STEP);
        double down = sd.output(placeholders, loss).get(loss).getDouble(0);
        param.putScalar(i, original);
        double numeric = (up - down) / (2 * STEP);
        double exact = grad.getDouble(i);
        double scale = Math.max(1e-3, Math.max(Math.abs(numeric), Math.abs(exact)));
        assertThat(Math.abs(numeric - exact) / scale)
            .as("d%s/d%s[%d]: analytic %g vs numeric %g", loss, name, i, exact, numeric)
            .isLessThan(1e-5);
      }
    }
  }
}
