package io.depthstream.core.comparison;

/**
 * Running mean and spread of paired differences (challenger − champion on the same frame), kept
 * with Welford's update and merged with Chan et al.'s formula, so an accumulator is three numbers
 * whatever the number of frames, and the accumulators of two windows, tasks or replicas combine
 * exactly as if one had seen every pair. That is why the service uses a paired t-interval and not a
 * bootstrap: a bootstrap must keep every difference and resample them (memory and time growing with
 * the window, a random answer that differs between replicas and runs), while the t-interval needs
 * only (n, mean, M2), fits a Kafka state store and a hopping window, and is deterministic. The mean
 * of many per-frame differences is close to normal (central limit theorem), so the interval is
 * right for independent frames. Consecutive video frames are not independent: the interval then
 * reads narrower than it should, so a promotion rule also asks for a minimum number of pairs. Not
 * thread-safe.
 */
public final class PairedDifference {

  private long n;
  private double mean;
  private double m2;

  public PairedDifference() {}

  /** Restores an accumulator from its parts, e.g. from a state store or a record. */
  public static PairedDifference of(long n, double mean, double m2) {
    if (n < 0 || (n > 0 && !(Double.isFinite(mean) && Double.isFinite(m2) && m2 >= 0))) {
      throw new IllegalArgumentException(
          "paired difference needs n >= 0, a finite mean and M2 >= 0, got n="
              + n
              + " mean="
              + mean
              + " M2="
              + m2);
    }
    PairedDifference d = new PairedDifference();
    d.n = n;
    d.mean = n == 0 ? 0 : mean;
    d.m2 = n == 0 ? 0 : m2;
    return d;
  }

  /** Adds one pair; a pair with a non-finite score on either side is not a pair and is ignored. */
  public PairedDifference add(double challenger, double champion) {
    double difference = challenger - champion;
    if (!Double.isFinite(difference)) {
      return this;
    }
    n++;
    double delta = difference - mean;
    mean += delta / n;
    m2 += delta * (difference - mean);
    return this;
  }

  /** Adds everything {@code other} holds, as if its pairs had been added here. */
  public PairedDifference merge(PairedDifference other) {
    if (other.n == 0) {
      return this;
    }
    if (n == 0) {
      n = other.n;
      mean = other.mean;
      m2 = other.m2;
      return this;
    }
    long total = n + other.n;
    double delta = other.mean - mean;
    mean += delta * other.n / total;
    m2 += other.m2 + delta * delta * ((double) n * other.n / total);
    n = total;
    return this;
  }

  public long n() {
    return n;
  }

  /** Mean difference; NaN without pairs. */
  public double mean() {
    return n == 0 ? Double.NaN : mean;
  }

  /** Sum of squared deviations from the mean (Welford's M2). */
  public double m2() {
    return m2;
  }

  /** Sample variance of the differences; NaN with fewer than two pairs. */
  public double variance() {
    return n < 2 ? Double.NaN : m2 / (n - 1);
  }

  /**
   * The paired t-interval at {@code level}: mean ± t(1 − (1−level)/2, n−1) · s / √n, with s the
   * sample standard deviation of the differences.
   */
  public ConfidenceInterval interval(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("a confidence level is between 0 and 1, got " + level);
    }
    if (n < 2) {
      return new ConfidenceInterval(mean(), Double.NaN, Double.NaN, n, level);
    }
    double standardError = Math.sqrt(variance() / n);
    double half = StudentT.quantile(1 - (1 - level) / 2, n - 1) * standardError;
    return new ConfidenceInterval(mean, mean - half, mean + half, n, level);
  }

  /** The 95 % interval. */
  public ConfidenceInterval interval95() {
    return interval(0.95);
  }

  public PairedDifference copy() {
    return of(n, mean, m2);
  }
}
