package io.depthstream.core.comparison;

import io.depthstream.core.metrics.DepthMetrics;
import java.util.EnumMap;
import java.util.Map;

/**
 * A challenger against the champion on the frames both scored: one {@link PairedDifference} per
 * {@link ComparisonMetric}. Mergeable like its parts, so windows, vehicles and the fleet are sums
 * of the same thing. Not thread-safe.
 */
public final class PairedComparison {

  private final EnumMap<ComparisonMetric, PairedDifference> differences =
      new EnumMap<>(ComparisonMetric.class);

  public PairedComparison() {
    for (ComparisonMetric metric : ComparisonMetric.values()) {
      differences.put(metric, new PairedDifference());
    }
  }

  /** Restores a comparison from its parts (missing metrics start empty). */
  public static PairedComparison of(Map<ComparisonMetric, PairedDifference> parts) {
    PairedComparison comparison = new PairedComparison();
    parts.forEach((metric, difference) -> comparison.differences.put(metric, difference.copy()));
    return comparison;
  }

  /**
   * Adds one frame that both models scored. A frame either model could not score (no valid pixel)
   * is no pair and is left out.
   */
  public PairedComparison add(DepthMetrics challenger, DepthMetrics champion) {
    if (challenger.isEmpty() || champion.isEmpty()) {
      return this;
    }
    differences.forEach((metric, d) -> d.add(metric.of(challenger), metric.of(champion)));
    return this;
  }

  public PairedComparison merge(PairedComparison other) {
    differences.forEach((metric, d) -> d.merge(other.differences.get(metric)));
    return this;
  }

  public PairedDifference difference(ComparisonMetric metric) {
    return differences.get(metric);
  }

  /** Pairs seen: the largest count over the metrics (a metric NaN on a frame skips only itself). */
  public long pairs() {
    long n = 0;
    for (PairedDifference d : differences.values()) {
      n = Math.max(n, d.n());
    }
    return n;
  }

  /** The 95 % interval of every metric. */
  public Map<ComparisonMetric, ConfidenceInterval> intervals95() {
    EnumMap<ComparisonMetric, ConfidenceInterval> intervals = new EnumMap<>(ComparisonMetric.class);
    differences.forEach((metric, d) -> intervals.put(metric, d.interval95()));
    return intervals;
  }

  public PairedComparison copy() {
    return of(differences);
  }
}
