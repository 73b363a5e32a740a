package io.depthstream.core.comparison;

import java.util.Locale;

/**
 * When a challenger has earned the champion's place: better on {@code metric} by at least {@code
 * minImprovement} on average, with the 95 % interval of the difference wholly on the better side of
 * zero, over at least {@code minPairs} frames both models scored. Written in settings as {@code
 * metric:min-improvement:min-pairs}, e.g. {@code abs_rel:0.005:500} (abs_rel lower by 0.005 or
 * more, 500 frames or more).
 */
public record PromotionRule(ComparisonMetric metric, double minImprovement, long minPairs) {

  public PromotionRule {
    if (!(minImprovement >= 0) || Double.isInfinite(minImprovement) || minPairs < 2) {
      throw new IllegalArgumentException(
          "a promotion rule needs a finite min-improvement >= 0 and min-pairs >= 2, got "
              + minImprovement
              + " and "
              + minPairs);
    }
  }

  /** The verdict on one comparison, with the reason in words for the log and the event. */
  public record Verdict(boolean promote, String reason) {}

  /** Reads {@code metric:min-improvement:min-pairs}. */
  public static PromotionRule parse(String text) {
    String[] parts = text.trim().split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "promote-when '"
              + text
              + "' is not metric:min-improvement:min-pairs; write e.g. abs_rel:0.005:500");
    }
    try {
      return new PromotionRule(
          ComparisonMetric.parse(parts[0]),
          Double.parseDouble(parts[1].trim()),
          Long.parseLong(parts[2].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "promote-when '"
              + text
              + "': min-improvement is a number and min-pairs a whole number,"
              + " e.g. abs_rel:0.005:500",
          e);
    }
  }

  /** Decides on the cumulative comparison of one challenger with the champion. */
  public Verdict judge(PairedComparison comparison) {
    ConfidenceInterval ci = comparison.difference(metric).interval95();
    if (ci.n() < minPairs) {
      return new Verdict(false, ci.n() + " paired frames, the rule wants " + minPairs);
    }
    double improvement = metric.improvement(ci.mean());
    // The worse end of the interval must still be an improvement: zero lies outside it.
    double worstImprovement = Math.min(metric.improvement(ci.low()), metric.improvement(ci.high()));
    String numbers =
        String.format(
            Locale.ROOT,
            "%s difference %+.4f (95%% CI %+.4f .. %+.4f) over %d paired frames",
            metric.key(),
            ci.mean(),
            ci.low(),
            ci.high(),
            ci.n());
    if (!(worstImprovement > 0)) {
      return new Verdict(false, numbers + ": the interval does not exclude 0 on the better side");
    }
    if (improvement < minImprovement) {
      return new Verdict(
          false, numbers + ": better by less than " + minImprovement + " on average");
    }
    return new Verdict(
        true,
        numbers + ": better by at least " + minImprovement + " with the interval excluding 0");
  }

  @Override
  public String toString() {
    return metric.key() + ":" + minImprovement + ":" + minPairs;
  }
}
