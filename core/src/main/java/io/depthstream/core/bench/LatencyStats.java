package io.depthstream.core.bench;

import java.util.Arrays;

/**
 * Summary statistics of measured times: mean, minimum, maximum and percentiles. Percentiles
 * interpolate linearly between the two nearest ranks of the sorted samples (position {@code
 * p·(n−1)}), as NumPy's default does, so p50 of 1..10 is 5.5 and p95 is 9.55.
 */
public final class LatencyStats {

  private final double[] sorted;

  /**
   * @throws IllegalArgumentException when {@code samples} is empty or holds a non-finite value
   */
  public LatencyStats(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples: measure at least one iteration");
    }
    for (double s : samples) {
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException("sample " + s + " is not a finite time");
      }
    }
    this.sorted = samples.clone();
    Arrays.sort(this.sorted);
  }

  public int count() {
    return sorted.length;
  }

  public double min() {
    return sorted[0];
  }

  public double max() {
    return sorted[sorted.length - 1];
  }

  public double mean() {
    double sum = 0;
    for (double s : sorted) {
      sum += s;
    }
    return sum / sorted.length;
  }

  /** The {@code p}-th percentile, {@code p} in [0, 100]. */
  public double percentile(double p) {
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
    }
    double position = p / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    double fraction = position - below;
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
  }

  public double p50() {
    return percentile(50);
  }

  public double p95() {
    return percentile(95);
  }
}
