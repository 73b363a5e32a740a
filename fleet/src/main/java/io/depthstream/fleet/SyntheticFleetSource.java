package io.depthstream.fleet;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.schemas.ImageEncoding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A simulated fleet: cars (or robots) each driving through its own synthetic world (seed + vehicle
 * number, a street or a room per vehicle), each camera publishing its calibration once and then,
 * per frame, the camera picture and the LiDAR sweep taken at the same instant. Vehicles are named
 * {@code v0, v1, …}; frames of all vehicles at one instant are yielded together, in vehicle order.
 * Used by {@code ./depthstream publish --synthetic} and by the service's demo.
 *
 * <p>Frames render on a small thread pool a few frames ahead of the consumer, in order, since one
 * 640×480 frame with its sweep costs a few hundred milliseconds of one core.
 */
public final class SyntheticFleetSource implements FrameSource {

  private final List<SyntheticWorld> worlds = new ArrayList<>();
  private final List<SensorRecords> cameras = new ArrayList<>();
  private final int width;
  private final int height;
  private final int framesPerVehicle;
  private final double fps;
  private final ImageEncoding encoding;
  private final CaptureClock clock;
  private final ExecutorService pool;
  private final int ahead;
  private final Deque<FleetRecord> ready = new ArrayDeque<>();
  private final Deque<Future<List<FleetRecord>>> rendering = new ArrayDeque<>();
  private long nextUnit;
  private boolean calibrated;

  /**
   * @param vehicles how many vehicles publish
   * @param framesPerVehicle frames each vehicle publishes
   * @param fps frames per second of each camera: capture times are {@code 1000/fps} ms apart
   * @param seed world seed of vehicle 0; vehicle {@code v} drives through world {@code seed + v}
   * @param threads frames rendered at once
   */
  public SyntheticFleetSource(
      SceneKind kind,
      int vehicles,
      String cameraId,
      int width,
      int height,
      int framesPerVehicle,
      double fps,
      ImageEncoding encoding,
      long seed,
      CaptureClock clock,
      int threads) {
    this(
        Collections.nCopies(Math.max(vehicles, 0), kind),
        cameraId,
        width,
        height,
        framesPerVehicle,
        fps,
        encoding,
        seed,
        clock,
        threads);
  }

  /**
   * A fleet of mixed scenes: vehicle {@code v} drives through a world of kind {@code kinds.get(v)}.
   *
   * @see #SyntheticFleetSource(SceneKind, int, String, int, int, int, double, ImageEncoding, long,
   *     CaptureClock, int)
   */
  public SyntheticFleetSource(
      List<SceneKind> kinds,
      String cameraId,
      int width,
      int height,
      int framesPerVehicle,
      double fps,
      ImageEncoding encoding,
      long seed,
      CaptureClock clock,
      int threads) {
    int vehicles = kinds.size();
    if (vehicles < 1 || framesPerVehicle < 1 || !(fps > 0) || threads < 1) {
      throw new IllegalArgumentException(
          "a synthetic fleet needs at least 1 vehicle, 1 frame, fps > 0 and 1 thread; got "
              + vehicles
              + " vehicles, "
              + framesPerVehicle
              + " frames, "
              + fps
              + " fps, "
              + threads
              + " threads");
    }
    for (int v = 0; v < vehicles; v++) {
      worlds.add(new SyntheticWorld(kinds.get(v), seed + v));
      cameras.add(new SensorRecords("v" + v, cameraId));
    }
    this.width = width;
    this.height = height;
    this.framesPerVehicle = framesPerVehicle;
    this.fps = fps;
    this.encoding = encoding;
    this.clock = clock;
    this.ahead = 2 * threads;
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "synthetic-fleet");
              t.setDaemon(true);
              return t;
            });
  }

  /** Source time of frame {@code index}: the world's first instant plus whole frame periods. */
  long sourceMillis(int index) {
    return SyntheticWorld.START_MILLIS + Math.round(index * 1000.0 / fps);
  }

  @Override
  public long frameCount() {
    return (long) framesPerVehicle * worlds.size();
  }

  @Override
  public String description() {
    return String.format(
        Locale.ROOT,
        "synthetic %s fleet: %d vehicles x %d frames of %dx%d %s at %.3g fps, with LiDAR",
        worlds.stream()
            .map(w -> w.kind().name().toLowerCase(Locale.ROOT))
            .distinct()
            .collect(Collectors.joining("+")),
        worlds.size(),
        framesPerVehicle,
        width,
        height,
        encoding,
        fps);
  }

  @Override
  public boolean hasNext() {
    fill();
    return !ready.isEmpty();
  }

  @Override
  public FleetRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the synthetic fleet has published all its frames");
    }
    return ready.poll();
  }

  private void fill() {
    if (!calibrated) {
      calibrated = true;
      long first = clock.toCapture(sourceMillis(0));
      for (int v = 0; v < worlds.size(); v++) {
        ready.add(cameras.get(v).calibration(worlds.get(v).calibration(width, height), first));
      }
    }
    long units = frameCount();
    while (rendering.size() < ahead && nextUnit < units) {
      long unit = nextUnit++;
      rendering.add(pool.submit(() -> render(unit)));
    }
    if (ready.isEmpty() && !rendering.isEmpty()) {
      ready.addAll(await(rendering.poll()));
      if (nextUnit < units) {
        long unit = nextUnit++;
        rendering.add(pool.submit(() -> render(unit)));
      }
    }
  }

  /**
   * Renders unit {@code unit}: frame {@code unit / vehicles} of vehicle {@code unit % vehicles}.
   */
  private List<FleetRecord> render(long unit) {
    int vehicle = (int) (unit % worlds.size());
    int index = (int) (unit / worlds.size());
    SyntheticFrame frame = worlds.get(vehicle).render(width, height, index);
    long capture = clock.toCapture(sourceMillis(index));
    SensorRecords camera = cameras.get(vehicle);
    byte[] data = FrameEncoder.encode(frame.rgb(), encoding);
    return List.of(
        camera.frame(index, capture, encoding, width, height, data),
        camera.pointCloud(index, capture, frame.lidarPoints(), SyntheticFrame.LIDAR_STRIDE));
  }

  private static List<FleetRecord> await(Future<List<FleetRecord>> job) {
    try {
      return job.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering the synthetic fleet", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "rendering a synthetic frame failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
