package io.depthstream.core.metrics;

/**
 * The standard monocular-depth scores of one image, or a mean of them over many (see {@link
 * MetricsAccumulator}). Higher is better for the δ thresholds, lower for the rest. An image with no
 * scored pixel has {@code validPixels == 0} and NaN scores; {@link #isEmpty()} tells, and the
 * accumulator leaves such images out of its means.
 *
 * <p>The depth boundary error ({@link DepthBoundaryError}) rides along as {@code dbeAccuracy} and
 * {@code dbeCompleteness}, in pixels; both are NaN where it is absent (sparse ground truth, no edge
 * in it), and a mean's are over the images that had one.
 *
 * @param validPixels pixels scored; for a mean, the total over the images in it
 */
public record DepthMetrics(
    double delta1,
    double delta2,
    double delta3,
    double absRel,
    double sqRel,
    double rmse,
    double rmseLog,
    double log10,
    double silog,
    long validPixels,
    double dbeAccuracy,
    double dbeCompleteness) {

  /** Scores without a depth boundary error. */
  public DepthMetrics(
      double delta1,
      double delta2,
      double delta3,
      double absRel,
      double sqRel,
      double rmse,
      double rmseLog,
      double log10,
      double silog,
      long validPixels) {
    this(
        delta1,
        delta2,
        delta3,
        absRel,
        sqRel,
        rmse,
        rmseLog,
        log10,
        silog,
        validPixels,
        Double.NaN,
        Double.NaN);
  }

  /**
   * Number of scores, in the order of {@link #toArray()} (the boundary error is not among them).
   */
  public static final int COUNT = 9;

  /** Scores of an image that had no pixel to score. */
  public static DepthMetrics empty() {
    double n = Double.NaN;
    return new DepthMetrics(n, n, n, n, n, n, n, n, n, 0);
  }

  /** Builds from the nine scores in {@link #toArray()} order. */
  public static DepthMetrics fromArray(double[] scores, long validPixels) {
    if (scores.length != COUNT) {
      throw new IllegalArgumentException("expected " + COUNT + " scores, got " + scores.length);
    }
    double[] s = scores;
    return new DepthMetrics(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], validPixels);
  }

  /** δ1 δ2 δ3 abs_rel sq_rel rmse rmse_log log10 silog. */
  public double[] toArray() {
    return new double[] {delta1, delta2, delta3, absRel, sqRel, rmse, rmseLog, log10, silog};
  }

  public boolean isEmpty() {
    return validPixels == 0;
  }

  /** The depth boundary error, {@link DepthBoundaryError#ABSENT} when there is none. */
  public DepthBoundaryError boundaryError() {
    return hasBoundaryError()
        ? new DepthBoundaryError(dbeAccuracy, dbeCompleteness)
        : DepthBoundaryError.ABSENT;
  }

  public boolean hasBoundaryError() {
    return !Double.isNaN(dbeAccuracy) && !Double.isNaN(dbeCompleteness);
  }

  /** These scores with {@code dbe} as their boundary error. */
  public DepthMetrics withBoundaryError(DepthBoundaryError dbe) {
    return new DepthMetrics(
        delta1,
        delta2,
        delta3,
        absRel,
        sqRel,
        rmse,
        rmseLog,
        log10,
        silog,
        validPixels,
        dbe.accuracy(),
        dbe.completeness());
  }
}
