package io.depthstream.trainer.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MedianAndSubsetTest {

  @Test
  void medianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
    assertThat(TestSetEvaluation.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(TestSetEvaluation.median(new double[] {4, 1, 3, 100})).isEqualTo(3.5);
    assertThat(TestSetEvaluation.median(new double[0])).isNaN();
  }

  @Test
  void subsetDrawsDistinctSortedIndicesReproducibly() {
    int[] a = SampleSubset.pick(100, 10, 7);
    assertThat(a).hasSize(10).isSorted().doesNotHaveDuplicates();
    assertThat(a[0]).isNotNegative();
    assertThat(a[9]).isLessThan(100);
    assertThat(SampleSubset.pick(100, 10, 7)).isEqualTo(a);
    assertThat(SampleSubset.pick(100, 10, 8)).isNotEqualTo(a);
    assertThat(SampleSubset.pick(5, 5, 1)).containsExactly(0, 1, 2, 3, 4);
  }
}
