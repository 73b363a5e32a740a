package io.depthstream.streams.bench;

import io.depthstream.core.bench.LatencyStats;
import io.depthstream.fleet.FleetPublisher;
import io.depthstream.fleet.SensorRecords;
import io.depthstream.schemas.ImageEncoding;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The latency the service adds to a frame below its capacity: frames of one camera sent at a fixed
 * rate for a fixed time to a running service, each stamped with the moment it was sent; a frame's
 * added latency is the time from then until its depth map is committed and readable downstream,
 * minus the model's run time for it ({@code DepthMap.inferenceMs}). The part spent before the
 * commit is the map's own {@code endToEndMs} (stamped by the service once the map is encoded) minus
 * the same run time; the rest is the wait for the exactly-once commit.
 */
final class PacedLatency {

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
  private static final long WAIT_MILLIS = 50;

  private final ServiceRun service;
  private final Progress progress;

  PacedLatency(ServiceRun service, Progress progress) {
    this.service = service;
    this.progress = progress;
  }

  /** The sending rate and time, and the latency samples of every frame sent. */
  record Result(
      double framesPerSecond,
      double seconds,
      int frames,
      LatencyStats added,
      LatencyStats inService) {}

  /**
   * Sends frames numbered from {@code firstSequence} at {@code rate} per second for {@code
   * duration} and waits for all their depth maps.
   */
  Result run(
      BenchFrames frames,
      CommittedArrivals arrivals,
      long firstSequence,
      double rate,
      Duration duration,
      String label) {
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new IllegalArgumentException(
          label
              + ": cannot pace frames at "
              + rate
              + " frames/s (the drain it comes from failed?)");
    }
    int count = Math.max(2, (int) Math.round(rate * duration.toMillis() / 1000.0));
    // Never wait past the run's duration: a rate measured too low by a disturbed drain must cost
    // a short, sparse latency run, not an hours-long wait (seen once: the suite hung here).
    long lastDueNanos = duration.toNanos();
    progress.phase(
        String.format(
            java.util.Locale.ROOT,
            "%s: %d frames at %.1f frames/s for %d s",
            label,
            count,
            rate,
            duration.toSeconds()));
    SensorRecords camera = new SensorRecords(BacklogDrain.VEHICLE, BacklogDrain.CAMERA);
    long start = System.nanoTime();
    try (FleetPublisher publisher = service.publisher(true)) {
      for (int k = 0; k < count; k++) {
        long due = start + Math.min(Math.round(k * 1e9 / rate), lastDueNanos);
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
          LockSupport.parkNanos(due - now);
        }
        long sequence = firstSequence + k;
        publisher.send(
            camera.frame(
                sequence,
                System.currentTimeMillis(),
                ImageEncoding.JPEG,
                frames.width(),
                frames.height(),
                frames.jpeg(sequence)));
        progress.count("frames sent", k + 1, count);
      }
      publisher.flush();
      if (publisher.failure() != null) {
        throw new IllegalStateException(
            "sending paced frames failed: " + publisher.failure(), publisher.failure());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<CommittedArrivals.DepthMapArrival> maps = await(arrivals, firstSequence, count, label);
    return new Result(
        rate, seconds, count, new LatencyStats(added(maps)), new LatencyStats(inService(maps)));
  }

  /** Per map: arrival downstream minus capture (= send) time minus the model's run time, in ms. */
  static double[] added(List<CommittedArrivals.DepthMapArrival> maps) {
    return maps.stream()
        .mapToDouble(m -> m.arrivalMillis() - m.captureMillis() - m.inferenceMs())
        .toArray();
  }

  /** Per map: the service's own capture-to-encoded time minus the model's run time, in ms. */
  static double[] inService(List<CommittedArrivals.DepthMapArrival> maps) {
    return maps.stream().mapToDouble(m -> m.endToEndMs() - m.inferenceMs()).toArray();
  }

  private List<CommittedArrivals.DepthMapArrival> await(
      CommittedArrivals arrivals, long firstSequence, int count, String label) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (true) {
      List<CommittedArrivals.DepthMapArrival> maps = arrivals.depthMapsFrom(firstSequence);
      progress.count("depth maps committed", maps.size(), count);
      if (maps.size() >= count) {
        return maps;
      }
      String failure = service.whyNoOutput();
      if (failure == null && System.nanoTime() > deadline) {
        failure = "timed out " + DRAIN_TIMEOUT.toSeconds() + " s after the last frame was sent";
      }
      if (failure != null) {
        throw new IllegalStateException(
            label
                + ": "
                + failure
                + " with "
                + maps.size()
                + "/"
                + count
                + " depth maps committed");
      }
      try {
        Thread.sleep(WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for depth maps", e);
      }
    }
  }
}
