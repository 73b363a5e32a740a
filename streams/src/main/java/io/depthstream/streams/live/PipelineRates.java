package io.depthstream.streams.live;

import io.depthstream.streams.observability.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Throughput as an operator reads it: frames in and out per second and the mean model time over the
 * last few seconds, plus the totals, from the service's counters. Rates come from the samples taken
 * by earlier calls within {@link #SPAN_NANOS}, so whoever asks (console, web page) drives it.
 */
@ApplicationScoped
public class PipelineRates {

  private static final long SPAN_NANOS = 10_000_000_000L;

  private final PipelineMetrics metrics;
  private final Deque<Sample> samples = new ArrayDeque<>();

  @Inject
  public PipelineRates(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  /** The counters now, with rates over the last seconds (0 on the first call). */
  public synchronized Snapshot snapshot() {
    Sample now =
        new Sample(
            System.nanoTime(),
            metrics.framesIn(),
            metrics.framesOut(),
            metrics.inferences(),
            metrics.inferenceMillisTotal());
    while (!samples.isEmpty() && now.nanos - samples.peekFirst().nanos > SPAN_NANOS) {
      samples.removeFirst();
    }
    Sample then = samples.isEmpty() ? now : samples.peekFirst();
    samples.addLast(now);
    double seconds = (now.nanos - then.nanos) / 1e9;
    long runs = now.inferences - then.inferences;
    return new Snapshot(
        seconds > 0 ? (now.framesIn - then.framesIn) / seconds : 0,
        seconds > 0 ? (now.framesOut - then.framesOut) / seconds : 0,
        (long) now.framesIn,
        (long) now.framesOut,
        (long) metrics.deadLettersTotal(),
        (long) metrics.framesScored(),
        runs > 0
            ? (now.inferenceMillis - then.inferenceMillis) / runs
            : now.inferences > 0 ? now.inferenceMillis / now.inferences : Double.NaN);
  }

  private record Sample(
      long nanos, double framesIn, double framesOut, long inferences, double inferenceMillis) {}

  /**
   * What the console and {@code GET /api/pipeline} show; {@code inferenceMs} is NaN before the
   * first frame.
   */
  public record Snapshot(
      double framesInPerSecond,
      double framesOutPerSecond,
      long framesIn,
      long framesOut,
      long deadLetters,
      long framesScored,
      double inferenceMs) {}
}
