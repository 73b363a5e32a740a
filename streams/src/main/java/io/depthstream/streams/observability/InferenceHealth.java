package io.depthstream.streams.observability;

/**
 * Whether the model works, judged by its recent runs: readiness goes down when at least {@code
 * failureRatio} of the last {@code window} model runs failed (a broken model, a lost GPU), not only
 * when Kafka Streams stops. Frames refused before the model (bad bytes, stale, oversized) do not
 * count: they say nothing about the model. Thread-safe: stream threads record, the health endpoint
 * reads.
 */
public final class InferenceHealth {

  private final boolean[] failed;
  private final double failureRatio;
  private int next;
  private int size;
  private int failures;

  /**
   * @param window how many recent runs count (depthstream.health.inference-window)
   * @param failureRatio share of failures that makes the model unhealthy, in (0, 1]
   */
  public InferenceHealth(int window, double failureRatio) {
    if (window <= 0 || !(failureRatio > 0 && failureRatio <= 1)) {
      throw new IllegalArgumentException(
          "depthstream.health.inference-window must be positive and inference-failure-ratio in"
              + " (0, 1], got "
              + window
              + " and "
              + failureRatio);
    }
    this.failed = new boolean[window];
    this.failureRatio = failureRatio;
  }

  /** Records one model run. */
  public synchronized void record(boolean success) {
    if (size == failed.length) {
      failures -= failed[next] ? 1 : 0;
    } else {
      size++;
    }
    failed[next] = !success;
    failures += success ? 0 : 1;
    next = (next + 1) % failed.length;
  }

  /** False once a full window of runs has at least the failure ratio of failures. */
  public synchronized boolean healthy() {
    return size < failed.length || failures < failureRatio * size;
  }

  /** Failed runs among the recent ones, for the health check's data. */
  public synchronized int recentFailures() {
    return failures;
  }

  /** Recent runs counted. */
  public synchronized int recentRuns() {
    return size;
  }
}
