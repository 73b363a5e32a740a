package io.depthstream.core.metrics;

/**
 * The mean over images of {@link DepthMetrics}, kept as a sum and a count per score so that two
 * accumulators merge exactly: what a rolling window, a per-vehicle total and the fleet total are
 * made of. Images without a scored pixel are counted in {@link #skipped()} and left out of the
 * means. The depth boundary error has its own sums and count, since only images with dense ground
 * truth have one. Not thread-safe; one accumulator belongs to one aggregate.
 */
public final class MetricsAccumulator {

  private final double[] sums = new double[DepthMetrics.COUNT];
  private long count;
  private long validPixels;
  private long skipped;
  private final double[] boundarySums = new double[2];
  private long boundaryCount;

  public MetricsAccumulator() {}

  /** Restores an accumulator from its parts, e.g. from a state store. */
  public static MetricsAccumulator of(long count, long validPixels, long skipped, double[] sums) {
    if (sums.length != DepthMetrics.COUNT || count < 0 || validPixels < 0 || skipped < 0) {
      throw new IllegalArgumentException(
          "accumulator needs "
              + DepthMetrics.COUNT
              + " sums and non-negative counts, got "
              + sums.length
              + " sums, count "
              + count);
    }
    MetricsAccumulator acc = new MetricsAccumulator();
    System.arraycopy(sums, 0, acc.sums, 0, sums.length);
    acc.count = count;
    acc.validPixels = validPixels;
    acc.skipped = skipped;
    return acc;
  }

  /**
   * Restores an accumulator that also holds depth boundary errors: {@code boundarySums} are the
   * sums of accuracy and completeness over the {@code boundaryCount} images that had one.
   */
  public static MetricsAccumulator of(
      long count,
      long validPixels,
      long skipped,
      double[] sums,
      long boundaryCount,
      double[] boundarySums) {
    if (boundarySums.length != 2 || boundaryCount < 0 || boundaryCount > count) {
      throw new IllegalArgumentException(
          "boundary error needs 2 sums over 0.."
              + count
              + " images, got "
              + boundarySums.length
              + " sums over "
              + boundaryCount);
    }
    MetricsAccumulator acc = of(count, validPixels, skipped, sums);
    acc.boundaryCount = boundaryCount;
    System.arraycopy(boundarySums, 0, acc.boundarySums, 0, 2);
    return acc;
  }

  /** Adds one image's scores; an empty one only bumps {@link #skipped()}. */
  public MetricsAccumulator add(DepthMetrics metrics) {
    if (metrics.isEmpty()) {
      skipped++;
      return this;
    }
    double[] scores = metrics.toArray();
    for (int i = 0; i < sums.length; i++) {
      sums[i] += scores[i];
    }
    count++;
    validPixels += metrics.validPixels();
    if (metrics.hasBoundaryError()) {
      boundarySums[0] += metrics.dbeAccuracy();
      boundarySums[1] += metrics.dbeCompleteness();
      boundaryCount++;
    }
    return this;
  }

  /** Adds everything {@code other} holds, as if its images had been added here. */
  public MetricsAccumulator merge(MetricsAccumulator other) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    count += other.count;
    validPixels += other.validPixels;
    skipped += other.skipped;
    boundarySums[0] += other.boundarySums[0];
    boundarySums[1] += other.boundarySums[1];
    boundaryCount += other.boundaryCount;
    return this;
  }

  /**
   * The mean over the images added; {@link DepthMetrics#empty()} when there are none. Its boundary
   * error is the mean over the images that had one, NaN when none did.
   */
  public DepthMetrics mean() {
    if (count == 0) {
      return DepthMetrics.empty();
    }
    double[] means = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      means[i] = sums[i] / count;
    }
    DepthMetrics mean = DepthMetrics.fromArray(means, validPixels);
    return boundaryCount == 0
        ? mean
        : mean.withBoundaryError(
            new DepthBoundaryError(
                boundarySums[0] / boundaryCount, boundarySums[1] / boundaryCount));
  }

  /** Images in the means. */
  public long count() {
    return count;
  }

  /** Images added that had no scored pixel. */
  public long skipped() {
    return skipped;
  }

  public long validPixels() {
    return validPixels;
  }

  /** The per-score sums, in {@link DepthMetrics#toArray()} order. */
  public double[] sums() {
    return sums.clone();
  }

  /** Images in the means that had a depth boundary error. */
  public long boundaryCount() {
    return boundaryCount;
  }

  /**
   * Sums of the boundary error's accuracy and completeness over {@link #boundaryCount()} images.
   */
  public double[] boundarySums() {
    return boundarySums.clone();
  }
}
