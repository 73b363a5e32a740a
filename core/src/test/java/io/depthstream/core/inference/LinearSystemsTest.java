package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearSystemsTest {

  @Test
  void solvesASymmetricPositiveDefiniteSystemAndLeavesItsInputsAlone() {
    // m = [[4,2,0],[2,5,1],[0,1,3]], x = (1, -1, 2): m x = (2, -1, 5).
    double[][] m = {{4, 2, 0}, {2, 5, 1}, {0, 1, 3}};
    double[] b = {2, -1, 5};

    double[] x = LinearSystems.solveSymmetricPositive(m, b);

    assertThat(x).containsExactly(new double[] {1, -1, 2}, within(1e-12));
    assertThat(m[0]).containsExactly(4, 2, 0);
    assertThat(b).containsExactly(2, -1, 5);
  }

  @Test
  void aMatrixThatIsNotPositiveDefiniteIsRefused() {
    assertThatThrownBy(
            () ->
                LinearSystems.solveSymmetricPositive(
                    new double[][] {{1, 2}, {2, 1}}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive definite");
  }
}
