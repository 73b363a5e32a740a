package io.depthstream.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  @Test
  void percentilesInterpolateBetweenRanksLikeNumpy() {
    // numpy.percentile([1..10], [50, 95, 0, 100]) = 5.5, 9.55, 1, 10
    LatencyStats stats = new LatencyStats(new double[] {7, 3, 10, 1, 5, 9, 2, 8, 4, 6});
    assertThat(stats.p50()).isCloseTo(5.5, within(1e-12));
    assertThat(stats.p95()).isCloseTo(9.55, within(1e-12));
    assertThat(stats.percentile(0)).isEqualTo(1);
    assertThat(stats.percentile(100)).isEqualTo(10);
    assertThat(stats.percentile(25)).isCloseTo(3.25, within(1e-12));
    assertThat(stats.mean()).isCloseTo(5.5, within(1e-12));
    assertThat(stats.min()).isEqualTo(1);
    assertThat(stats.max()).isEqualTo(10);
  }

  @Test
  void oneSampleIsEveryPercentile() {
    LatencyStats stats = new LatencyStats(new double[] {4.2});
    assertThat(stats.p50()).isEqualTo(4.2);
    assertThat(stats.p95()).isEqualTo(4.2);
  }

  @Test
  void skewedSamplesPullP95NotP50() {
    // 19 calls of 10 ms and one of 200 ms: p50 stays 10, p95 at rank 18.05 is 10 + 0.05*190
    double[] samples = new double[20];
    java.util.Arrays.fill(samples, 10);
    samples[7] = 200;
    LatencyStats stats = new LatencyStats(samples);
    assertThat(stats.p50()).isEqualTo(10);
    assertThat(stats.p95()).isCloseTo(19.5, within(1e-9));
    assertThat(stats.mean()).isCloseTo(19.5, within(1e-9));
  }

  @Test
  void emptyOrNonFiniteSamplesAreRefused() {
    assertThatThrownBy(() -> new LatencyStats(new double[0])).hasMessageContaining("no samples");
    assertThatThrownBy(() -> new LatencyStats(new double[] {1, Double.NaN}))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> new LatencyStats(new double[] {1}).percentile(101))
        .hasMessageContaining("[0, 100]");
  }
}
