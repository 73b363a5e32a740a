package io.depthstream.core.comparison;

/**
 * A mean difference with its two-sided confidence interval and the number of pairs behind it. With
 * fewer than two pairs there is no spread to estimate: the bounds are NaN and {@link
 * #excludesZero()} is false.
 *
 * @param mean mean of challenger − champion over the pairs (NaN when {@code n == 0})
 * @param low lower bound of the interval
 * @param high upper bound of the interval
 * @param n pairs (frames both models scored)
 * @param level confidence level, e.g. 0.95
 */
public record ConfidenceInterval(double mean, double low, double high, long n, double level) {

  /** True when the whole interval lies on one side of zero: the models differ at this level. */
  public boolean excludesZero() {
    return n >= 2 && (low > 0 || high < 0);
  }

  /** Half the interval's width; NaN with fewer than two pairs. */
  public double halfWidth() {
    return (high - low) / 2;
  }
}
