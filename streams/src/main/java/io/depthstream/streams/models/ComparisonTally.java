package io.depthstream.streams.models;

import io.depthstream.core.comparison.ComparisonMetric;
import io.depthstream.core.comparison.ConfidenceInterval;
import io.depthstream.core.comparison.PairedComparison;
import io.depthstream.core.comparison.PairedDifference;
import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.ModelComparison;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregate of a comparison's window or total: the paired differences and the capture times of
 * the first and newest pair. Mutable, like Kafka Streams aggregates.
 */
public final class ComparisonTally {

  private final PairedComparison comparison;
  private long firstCapture;
  private long lastCapture;

  public ComparisonTally() {
    this(new PairedComparison(), Long.MAX_VALUE, Long.MIN_VALUE);
  }

  ComparisonTally(PairedComparison comparison, long firstCapture, long lastCapture) {
    this.comparison = comparison;
    this.firstCapture = firstCapture;
    this.lastCapture = lastCapture;
  }

  public ComparisonTally add(PairedFrame frame) {
    comparison.add(frame.challenger(), frame.champion());
    firstCapture = Math.min(firstCapture, frame.captureTime());
    lastCapture = Math.max(lastCapture, frame.captureTime());
    return this;
  }

  public PairedComparison comparison() {
    return comparison;
  }

  public long firstCapture() {
    return firstCapture;
  }

  public long lastCapture() {
    return lastCapture;
  }

  /** The published record; {@code start}/{@code end} are the window's or the capture span. */
  public ModelComparison toRecord(ComparisonKey key, boolean cumulative, long start, long end) {
    List<MetricDifference> differences = new ArrayList<>();
    for (ComparisonMetric metric : ComparisonMetric.values()) {
      PairedDifference d = comparison.difference(metric);
      ConfidenceInterval ci = d.interval95();
      differences.add(
          MetricDifference.newBuilder()
              .setMetric(metric.key())
              .setPairs(d.n())
              .setMean(ci.mean())
              .setM2(d.m2())
              .setLow(ci.low())
              .setHigh(ci.high())
              .build());
    }
    return ModelComparison.newBuilder()
        .setScope(key.scope())
        .setScopeKey(key.scopeKey())
        .setChampionId(key.championId())
        .setChallengerId(key.challengerId())
        .setCumulative(cumulative)
        .setWindowStart(start)
        .setWindowEnd(end)
        .setDifferences(differences)
        .build();
  }
}
