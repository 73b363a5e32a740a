package io.depthstream.core.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

  @Test
  void intervalMatchesAHandComputation() {
    // Challenger − champion on five frames: 0.1, 0.3, -0.2, 0.4, 0.2.
    // mean = 0.8 / 5 = 0.16; squared deviations 0.0036 + 0.0196 + 0.1296 + 0.0576 + 0.0016 = 0.212;
    // s² = 0.212 / 4 = 0.053; standard error = sqrt(0.053 / 5) = 0.1029563;
    // t(0.975, 4) = 2.776445; half width = 0.2858525.
    double[] champion = {0.5, 0.4, 0.9, 0.1, 0.6};
    double[] difference = {0.1, 0.3, -0.2, 0.4, 0.2};
    PairedDifference d = new PairedDifference();
    for (int i = 0; i < champion.length; i++) {
      d.add(champion[i] + difference[i], champion[i]);
    }
    ConfidenceInterval ci = d.interval95();
    assertThat(ci.n()).isEqualTo(5);
    assertThat(ci.mean()).isCloseTo(0.16, within(1e-12));
    assertThat(d.m2()).isCloseTo(0.212, within(1e-12));
    assertThat(ci.halfWidth()).isCloseTo(0.2858525, within(1e-6));
    assertThat(ci.low()).isCloseTo(0.16 - 0.2858525, within(1e-6));
    assertThat(ci.high()).isCloseTo(0.16 + 0.2858525, within(1e-6));
    assertThat(ci.excludesZero()).isFalse();
  }

  @Test
  void aConsistentDifferenceExcludesZero() {
    PairedDifference d = new PairedDifference();
    for (double x : new double[] {-0.11, -0.09, -0.10, -0.12, -0.08}) {
      d.add(x, 0);
    }
    assertThat(d.interval95().excludesZero()).isTrue();
    assertThat(d.interval95().high()).isNegative();
  }

  @Test
  void mergingEqualsSeeingEveryPairInOneAccumulator() {
    Random random = new Random(7);
    PairedDifference all = new PairedDifference();
    PairedDifference a = new PairedDifference();
    PairedDifference b = new PairedDifference();
    for (int i = 0; i < 1000; i++) {
      double x = random.nextGaussian() * 3 + 1;
      all.add(x, 0);
      (i % 3 == 0 ? a : b).add(x, 0);
    }
    PairedDifference merged = a.copy().merge(b);
    assertThat(merged.n()).isEqualTo(1000);
    assertThat(merged.mean()).isCloseTo(all.mean(), within(1e-12));
    assertThat(merged.m2()).isCloseTo(all.m2(), within(1e-8));
    assertThat(new PairedDifference().merge(a).mean()).isEqualTo(a.mean());
  }

  @Test
  void fewerThanTwoPairsHaveNoInterval() {
    assertThat(new PairedDifference().interval95().mean()).isNaN();
    ConfidenceInterval one = new PairedDifference().add(1, 0.5).interval95();
    assertThat(one.mean()).isEqualTo(0.5);
    assertThat(one.low()).isNaN();
    assertThat(one.excludesZero()).isFalse();
  }

  @Test
  void nonFinitePairsAreIgnored() {
    PairedDifference d = new PairedDifference().add(Double.NaN, 1).add(2, Double.POSITIVE_INFINITY);
    assertThat(d.n()).isZero();
  }
}
