package io.depthstream.streams.bench;

import io.depthstream.fleet.FleetPublisher;
import io.depthstream.fleet.SensorRecords;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.models.ChallengerSampling;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * Path (c) of the pipeline benchmark: the service draining a backlog. {@code count} frames are
 * published first, spread round-robin over {@code cameras} cameras whose keys land on distinct
 * partitions (one camera: one key, one partition, one task; three cameras on three partitions:
 * three tasks the stream threads share), each frame with a LiDAR sweep when asked (after its
 * camera's calibration). Kafka Streams has started once before, on the empty topics ({@link
 * ServiceRun#firstStart}), so it starts onto the backlog as a new pod of a deployed service does;
 * the drain is timed from the first committed depth map to the last (and, with LiDAR, the last
 * frame score), as a {@code read_committed} reader downstream sees them, over the frames committed
 * after the first. Not from Kafka Streams' RUNNING state: with two stream threads one thread can
 * work through part of the backlog before the other is ready and the instance reports RUNNING (a
 * drain with a challenger to load measured 70 frames/s that way, more than the engine with its
 * codecs can do), and the first commit also carries start-up.
 *
 * <p>Capture times are those of a 10 fps camera that stopped just before the backlog was sent, so
 * the service's clock checks pass; they end {@code window + grace} and more before now, so one
 * extra sweep stamped after the last frame's matching window lets the service score that frame too
 * (the matcher decides a frame once stream time passes it by window + grace).
 */
final class BacklogDrain {

  static final String VEHICLE = "bench-v0";
  static final String CAMERA = "cam0";

  /** A 10 fps camera, like {@code publish}'s default. */
  static final long FRAME_INTERVAL_MILLIS = 100;

  private static final long WAIT_MILLIS = 50;

  private final ServiceRun service;
  private final HeapPeak heap;
  private final Progress progress;

  BacklogDrain(ServiceRun service, HeapPeak heap, Progress progress) {
    this.service = service;
    this.heap = heap;
    this.progress = progress;
  }

  /** What one drain measured. */
  record Result(
      int frames,
      int timedFrames,
      int cameras,
      boolean lidar,
      double secondsToFirstRunning,
      double secondsToRunning,
      double drainSeconds,
      WrittenBytes written,
      long peakHeapBytes,
      long heapAfterCollectionBytes,
      long framesScored,
      CpuUse cpu) {

    double framesPerSecond() {
      return timedFrames / drainSeconds;
    }
  }

  Result run(
      BenchFrames frames,
      int count,
      int cameras,
      boolean lidar,
      CommittedArrivals arrivals,
      Duration timeout,
      String label) {
    progress.phase(label + ": a first start of Kafka Streams on the empty topics");
    service.firstStart(timeout);
    progress.phase(
        label
            + ": publishing the backlog of "
            + count
            + " frames"
            + (lidar ? " with a LiDAR sweep each" : ""));
    publish(frames, count, cameraKeys(cameras, service.partitions()), lidar);
    Map<String, Long> before = service.topicSizes();
    heap.mark();
    progress.phase(label + ": Kafka Streams started, draining");
    service.startStreams();
    CpuUse cpu = awaitOutput(arrivals, count, lidar, timeout, label);
    progress.phase(
        label + ": camera-frame tasks per stream thread " + service.frameTasksPerThread());
    // Whether batches formed: one camera is one task on one stream thread, so it never batches.
    service.batching().ifPresent(summary -> progress.phase(label + ": " + summary));
    long end = arrivals.depthMapNanos(count);
    if (lidar) {
      end = Math.max(end, arrivals.frameScoreNanos(count));
    }
    long start = arrivals.depthMapNanos(1);
    int firstCommit = arrivals.depthMapsArrivedAt(start);
    long peak = heap.sinceMark();
    WrittenBytes written =
        WrittenBytes.between(before, service.topicSizes(), service.topics().inputs());
    return new Result(
        count,
        count - firstCommit,
        cameras,
        lidar,
        service.firstStartSeconds(),
        service.secondsToRunning(),
        (end - start) / 1e9,
        written,
        peak,
        heap.afterCollectionSinceMark(),
        service.framesScored(),
        cpu);
  }

  /**
   * {@code cameras} cameras of one vehicle whose keys the default partitioner sends to distinct
   * partitions, so each is its own task: "cam0", "cam1"... skipping names that collide.
   */
  static List<SensorRecords> cameraKeys(int cameras, int partitions) {
    if (cameras < 1 || cameras > partitions) {
      throw new IllegalStateException(
          "--cameras must be 1.." + partitions + " (the topics' partitions), got " + cameras);
    }
    List<SensorRecords> chosen = new ArrayList<>();
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; chosen.size() < cameras; i++) {
      SensorRecords camera = new SensorRecords(VEHICLE, "cam" + i);
      byte[] key = camera.key().getBytes(StandardCharsets.UTF_8);
      if (taken.add(Utils.toPositive(Utils.murmur2(key)) % partitions)) {
        chosen.add(camera);
      }
    }
    return chosen;
  }

  /**
   * How many frames of a backlog of {@code count} the challengers run at {@code sampling}: the
   * sample is a hash of camera key and sequence, so it is known before the service runs.
   */
  static long framesSampled(int count, int cameras, int partitions, ChallengerSampling sampling) {
    List<SensorRecords> keys = cameraKeys(cameras, partitions);
    long sampled = 0;
    for (int i = 0; i < count; i++) {
      if (sampling.sampled(cameraOf(i, keys).key(), sequenceOf(i, keys))) {
        sampled++;
      }
    }
    return sampled;
  }

  /** The camera that sends frame {@code i} of a backlog: round-robin over the cameras. */
  private static SensorRecords cameraOf(int i, List<SensorRecords> cameras) {
    return cameras.get(i % cameras.size());
  }

  /** That camera's sequence number for frame {@code i} of a backlog. */
  private static int sequenceOf(int i, List<SensorRecords> cameras) {
    return i / cameras.size();
  }

  private void publish(BenchFrames frames, int count, List<SensorRecords> cameras, boolean lidar) {
    DepthstreamConfig.JoinSettings join = service.config().join();
    long margin = join.window().plus(join.grace()).toMillis() + 2 * FRAME_INTERVAL_MILLIS;
    long last = System.currentTimeMillis() - margin;
    int perCamera = (count + cameras.size() - 1) / cameras.size();
    long first = last - (perCamera - 1) * FRAME_INTERVAL_MILLIS;
    try (FleetPublisher publisher = service.publisher(false)) {
      if (lidar) {
        for (SensorRecords camera : cameras) {
          publisher.send(camera.calibration(frames.calibration(), first - 1));
        }
      }
      for (int i = 0; i < count; i++) {
        SensorRecords camera = cameraOf(i, cameras);
        int sequence = sequenceOf(i, cameras);
        long t = first + sequence * FRAME_INTERVAL_MILLIS;
        publisher.send(
            camera.frame(
                sequence, t, ImageEncoding.JPEG, frames.width(), frames.height(), frames.jpeg(i)));
        if (lidar) {
          publisher.send(camera.pointCloud(sequence, t, frames.sweep(i), BenchFrames.POINT_STRIDE));
        }
        progress.count("frames published", i + 1, count);
      }
      if (lidar) {
        // Moves each camera's stream time past its last frame's window, so that one is scored too.
        long after = last + margin - FRAME_INTERVAL_MILLIS;
        for (SensorRecords camera : cameras) {
          publisher.send(
              camera.pointCloud(perCamera, after, frames.sweep(count), BenchFrames.POINT_STRIDE));
        }
      }
      publisher.flush();
      if (publisher.failure() != null) {
        throw new IllegalStateException(
            "publishing the backlog failed: " + publisher.failure(), publisher.failure());
      }
    }
  }

  /**
   * Waits until the drain's output is all committed; returns where the cores went from the first
   * committed depth map seen (within one poll of it) to the last, the drain's timed stretch.
   */
  private CpuUse awaitOutput(
      CommittedArrivals arrivals, int count, boolean lidar, Duration timeout, String label) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CpuUse.Meter cpu = null;
    while (true) {
      int maps = arrivals.depthMaps();
      int scores = arrivals.frameScores();
      if (cpu == null && maps > 0) {
        cpu = CpuUse.start();
      }
      progress.count(
          lidar ? "frames with depth map and score committed" : "depth maps committed",
          lidar ? Math.min(maps, scores) : maps,
          count);
      if (maps >= count && (!lidar || scores >= count)) {
        return cpu.stop();
      }
      String failure = service.whyNoOutput();
      Map<String, Long> unscored = service.framesUnscored();
      if (failure == null && lidar && !unscored.isEmpty()) {
        failure = "the service left frames unscored " + unscored;
      }
      if (failure == null && System.nanoTime() > deadline) {
        failure = "timed out after " + timeout.toSeconds() + " s";
      }
      if (failure != null) {
        throw new IllegalStateException(
            label
                + ": "
                + failure
                + " with "
                + maps
                + "/"
                + count
                + " depth maps"
                + (lidar ? " and " + scores + "/" + count + " frame scores" : "")
                + " committed");
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the service's output", e);
    }
  }
}
