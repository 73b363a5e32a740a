package io.depthstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsAccumulatorTest {

  private static final DepthMetrics A =
      new DepthMetrics(0.8, 0.9, 1.0, 0.1, 0.2, 0.3, 0.4, 0.05, 10, 100);
  private static final DepthMetrics B =
      new DepthMetrics(0.6, 0.7, 0.9, 0.3, 0.4, 0.5, 0.6, 0.15, 20, 50);
  private static final DepthMetrics C =
      new DepthMetrics(1.0, 1.0, 1.0, 0.2, 0.0, 0.1, 0.2, 0.10, 30, 10);

  @Test
  void meanIsThePlainMeanOverImages() {
    MetricsAccumulator acc = new MetricsAccumulator().add(A).add(B);
    DepthMetrics mean = acc.mean();
    // (0.8 + 0.6)/2 = 0.7, (0.1 + 0.3)/2 = 0.2, (0.3 + 0.5)/2 = 0.4, (10 + 20)/2 = 15
    assertThat(mean.delta1()).isCloseTo(0.7, within(1e-12));
    assertThat(mean.absRel()).isCloseTo(0.2, within(1e-12));
    assertThat(mean.rmse()).isCloseTo(0.4, within(1e-12));
    assertThat(mean.silog()).isCloseTo(15, within(1e-12));
    assertThat(mean.validPixels()).isEqualTo(150);
    assertThat(acc.count()).isEqualTo(2);
  }

  @Test
  void mergingEqualsAddingEverythingToOne() {
    MetricsAccumulator left = new MetricsAccumulator().add(A);
    MetricsAccumulator right = new MetricsAccumulator().add(B).add(C);
    MetricsAccumulator all = new MetricsAccumulator().add(A).add(B).add(C);

    left.merge(right);
    assertThat(left.count()).isEqualTo(3);
    assertThat(left.mean().toArray()).containsExactly(all.mean().toArray(), within(1e-12));
    // delta1 over three images: (0.8 + 0.6 + 1.0)/3 = 0.8; silog (10 + 20 + 30)/3 = 20
    assertThat(left.mean().delta1()).isCloseTo(0.8, within(1e-12));
    assertThat(left.mean().silog()).isCloseTo(20, within(1e-12));
  }

  @Test
  void emptyImagesAreCountedButNotAveraged() {
    MetricsAccumulator acc = new MetricsAccumulator().add(A).add(DepthMetrics.empty());
    assertThat(acc.count()).isEqualTo(1);
    assertThat(acc.skipped()).isEqualTo(1);
    assertThat(acc.mean().toArray()).containsExactly(A.toArray());
  }

  @Test
  void anEmptyAccumulatorHasNoMean() {
    assertThat(new MetricsAccumulator().mean().isEmpty()).isTrue();
  }

  @Test
  void restoresFromItsParts() {
    MetricsAccumulator acc = new MetricsAccumulator().add(A).add(B).add(DepthMetrics.empty());
    MetricsAccumulator copy =
        MetricsAccumulator.of(acc.count(), acc.validPixels(), acc.skipped(), acc.sums());
    assertThat(copy.mean()).isEqualTo(acc.mean());
    assertThat(copy.skipped()).isEqualTo(1);
  }

  @Test
  void theBoundaryErrorIsAveragedOverTheImagesThatHaveOne() {
    // A: dbe (2, 4); B: none (sparse ground truth); C: dbe (4, 10)
    // -> accuracy (2 + 4)/2 = 3, completeness (4 + 10)/2 = 7, over 2 of the 3 images
    MetricsAccumulator acc =
        new MetricsAccumulator()
            .add(A.withBoundaryError(new DepthBoundaryError(2, 4)))
            .add(B)
            .add(C.withBoundaryError(new DepthBoundaryError(4, 10)));
    assertThat(acc.count()).isEqualTo(3);
    assertThat(acc.boundaryCount()).isEqualTo(2);
    assertThat(acc.mean().dbeAccuracy()).isCloseTo(3, within(1e-12));
    assertThat(acc.mean().dbeCompleteness()).isCloseTo(7, within(1e-12));
    assertThat(acc.mean().delta1()).isCloseTo(0.8, within(1e-12));

    MetricsAccumulator restored =
        MetricsAccumulator.of(
            acc.count(),
            acc.validPixels(),
            acc.skipped(),
            acc.sums(),
            acc.boundaryCount(),
            acc.boundarySums());
    assertThat(restored.mean()).isEqualTo(acc.mean());

    MetricsAccumulator merged =
        new MetricsAccumulator()
            .add(A.withBoundaryError(new DepthBoundaryError(2, 4)))
            .merge(
                new MetricsAccumulator()
                    .add(B)
                    .add(C.withBoundaryError(new DepthBoundaryError(4, 10))));
    assertThat(merged.boundaryCount()).isEqualTo(2);
    assertThat(merged.mean().dbeAccuracy()).isCloseTo(3, within(1e-12));
    assertThat(merged.mean().dbeCompleteness()).isCloseTo(7, within(1e-12));
  }

  @Test
  void withoutAnyBoundaryErrorTheMeanHasNone() {
    DepthMetrics mean = new MetricsAccumulator().add(A).add(B).mean();
    assertThat(mean.hasBoundaryError()).isFalse();
    assertThat(mean.dbeAccuracy()).isNaN();
    assertThat(mean.boundaryError().isAbsent()).isTrue();
  }
}
