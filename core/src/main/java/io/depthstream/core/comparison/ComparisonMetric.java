package io.depthstream.core.comparison;

import io.depthstream.core.metrics.DepthMetrics;
import java.util.Locale;

/** The scores a champion and a challenger are compared on, and which direction is better. */
public enum ComparisonMetric {
  DELTA1("delta1", true),
  ABS_REL("abs_rel", false),
  RMSE("rmse", false);

  private final String key;
  private final boolean higherIsBetter;

  ComparisonMetric(String key, boolean higherIsBetter) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
  }

  /** The name used in settings, JSON and labels: {@code delta1}, {@code abs_rel}, {@code rmse}. */
  public String key() {
    return key;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** This score of one image's (or a mean's) metrics. */
  public double of(DepthMetrics metrics) {
    return switch (this) {
      case DELTA1 -> metrics.delta1();
      case ABS_REL -> metrics.absRel();
      case RMSE -> metrics.rmse();
    };
  }

  /**
   * How much better the challenger is, given a difference challenger − champion: the difference
   * itself where higher is better, its negation where lower is.
   */
  public double improvement(double difference) {
    return higherIsBetter ? difference : -difference;
  }

  /** Reads {@code delta1}, {@code abs_rel} or {@code rmse} (case-insensitive, '-' as '_'). */
  public static ComparisonMetric parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (ComparisonMetric metric : values()) {
      if (metric.key.equals(wanted)) {
        return metric;
      }
    }
    throw new IllegalArgumentException(
        "unknown comparison metric '" + text + "'; use one of delta1, abs_rel, rmse");
  }
}
