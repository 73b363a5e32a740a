package io.depthstream.core.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StudentTTest {

  @Test
  void quantilesMatchTheTablesOfStudentsT() {
    // Two-sided 95 % critical values as printed in every statistics table (and R's qt(0.975, df)).
    assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.706205, within(1e-5));
    assertThat(StudentT.quantile(0.975, 2)).isCloseTo(4.302653, within(1e-6));
    assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.776445, within(1e-6));
    assertThat(StudentT.quantile(0.975, 9)).isCloseTo(2.262157, within(1e-6));
    assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.042272, within(1e-6));
    assertThat(StudentT.quantile(0.975, 1000)).isCloseTo(1.962339, within(1e-6));
    assertThat(StudentT.quantile(0.995, 10)).isCloseTo(3.169273, within(1e-6));
    assertThat(StudentT.quantile(0.025, 4)).isCloseTo(-2.776445, within(1e-6));
    assertThat(StudentT.quantile(0.5, 7)).isZero();
  }

  @Test
  void cdfIsTheInverseOfTheQuantile() {
    for (double df : new double[] {1, 3, 17, 250}) {
      for (double p : new double[] {0.01, 0.2, 0.8, 0.975, 0.999}) {
        assertThat(StudentT.cdf(StudentT.quantile(p, df), df)).isCloseTo(p, within(1e-9));
      }
    }
  }

  @Test
  void refusesWhatIsNoDistribution() {
    assertThatThrownBy(() -> StudentT.quantile(1, 3)).hasMessageContaining("0 < p < 1");
    assertThatThrownBy(() -> StudentT.quantile(0.9, 0)).hasMessageContaining("degrees of freedom");
  }
}
