package io.depthstream.core.comparison;

/**
 * Quantiles of Student's t distribution, for the confidence intervals of paired differences. Pure
 * maths without a library: the CDF through the regularized incomplete beta function (Lentz's
 * continued fraction, as in Numerical Recipes §6.4) and the quantile by bisection on it, accurate
 * to about 1e-8 — far below what a confidence interval over live frames can tell apart.
 */
public final class StudentT {

  private static final double[] LANCZOS = {
    76.18009172947146,
    -86.50532032941677,
    24.01409824083091,
    -1.231739572450155,
    0.1208650973866179e-2,
    -0.5395239384953e-5
  };

  private StudentT() {}

  /**
   * The {@code p} quantile of Student's t with {@code degreesOfFreedom}, e.g. {@code
   * quantile(0.975, 9)} = 2.262 for a two-sided 95 % interval from 10 paired frames.
   *
   * @throws IllegalArgumentException unless 0 &lt; p &lt; 1 and degreesOfFreedom &gt; 0
   */
  public static double quantile(double p, double degreesOfFreedom) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a quantile needs 0 < p < 1, got " + p);
    }
    if (!(degreesOfFreedom > 0) || Double.isInfinite(degreesOfFreedom)) {
      throw new IllegalArgumentException(
          "Student's t needs finite degrees of freedom > 0, got " + degreesOfFreedom);
    }
    if (p == 0.5) {
      return 0;
    }
    if (p < 0.5) {
      return -quantile(1 - p, degreesOfFreedom);
    }
    double low = 0;
    double high = 1;
    while (cdf(high, degreesOfFreedom) < p) {
      low = high;
      high *= 2;
    }
    for (int i = 0; i < 200 && high - low > 1e-12 * Math.max(1, high); i++) {
      double mid = 0.5 * (low + high);
      if (cdf(mid, degreesOfFreedom) < p) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return 0.5 * (low + high);
  }

  /** P(T ≤ t) for Student's t with {@code degreesOfFreedom}. */
  public static double cdf(double t, double degreesOfFreedom) {
    double x = degreesOfFreedom / (degreesOfFreedom + t * t);
    double tail = 0.5 * regularizedBeta(x, degreesOfFreedom / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** I_x(a, b), the regularized incomplete beta function. */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front =
        Math.exp(
            logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
    if (x < (a + 1) / (a + b + 2)) {
      return front * betaContinuedFraction(x, a, b) / a;
    }
    return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
  }

  private static double betaContinuedFraction(double x, double a, double b) {
    final double tiny = 1e-300;
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < tiny) {
      d = tiny;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 300; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** ln Γ(x) for x &gt; 0 (Lanczos' approximation, relative error below 2e-10). */
  static double logGamma(double x) {
    double y = x;
    double tmp = x + 5.5;
    tmp -= (x + 0.5) * Math.log(tmp);
    double series = 1.000000000190015;
    for (double coefficient : LANCZOS) {
      series += coefficient / ++y;
    }
    return -tmp + Math.log(2.5066282746310005 * series / x);
  }
}
