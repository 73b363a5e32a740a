package io.depthstream.streams.live;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.CameraKey;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few camera frames of each camera, by capture time, so the web page can show the very
 * picture a depth map was made from (inference runs behind the newest frame). Thread-safe: one
 * consumer thread records, HTTP threads read.
 */
public final class RecentFrames {

  private final int perCamera;
  private final int maxCameras;
  private final Map<String, NavigableMap<Long, CameraFrame>> byCamera = new ConcurrentHashMap<>();

  /**
   * @param perCamera frames kept per camera (depthstream.live-view.frames-per-camera)
   * @param maxCameras cameras followed at all (depthstream.live-view.max-cameras): frames of
   *     further cameras are not kept, so producers inventing camera ids cannot grow the heap
   */
  public RecentFrames(int perCamera, int maxCameras) {
    if (perCamera < 1 || maxCameras < 1) {
      throw new IllegalArgumentException(
          "depthstream.live-view.frames-per-camera and max-cameras must be at least 1, got "
              + perCamera
              + " and "
              + maxCameras);
    }
    this.perCamera = perCamera;
    this.maxCameras = maxCameras;
  }

  public void record(CameraFrame frame) {
    String camera = CameraKey.of(frame.getVehicleId(), frame.getCameraId());
    NavigableMap<Long, CameraFrame> frames = byCamera.get(camera);
    if (frames == null) {
      if (byCamera.size() >= maxCameras) {
        return;
      }
      frames = byCamera.computeIfAbsent(camera, k -> new TreeMap<>());
    }
    synchronized (frames) {
      frames.put(frame.getCaptureTime().toEpochMilli(), frame);
      while (frames.size() > perCamera) {
        frames.pollFirstEntry();
      }
    }
  }

  /**
   * The vehicle's frame captured at {@code atMillis} or, failing that, the newest one before it;
   * without {@code atMillis} the newest frame. {@code camera} narrows to one camera.
   */
  public Optional<CameraFrame> find(String vehicleId, Optional<String> camera, Optional<Long> at) {
    CameraFrame best = null;
    for (Map.Entry<String, NavigableMap<Long, CameraFrame>> entry : byCamera.entrySet()) {
      String[] key = entry.getKey().split("/", 2);
      if (!key[0].equals(vehicleId) || camera.map(c -> !c.equals(key[1])).orElse(false)) {
        continue;
      }
      NavigableMap<Long, CameraFrame> frames = entry.getValue();
      Map.Entry<Long, CameraFrame> found;
      synchronized (frames) {
        found = at.isPresent() ? frames.floorEntry(at.get()) : frames.lastEntry();
      }
      if (found != null
          && (best == null || found.getKey() > best.getCaptureTime().toEpochMilli())) {
        best = found.getValue();
      }
    }
    return Optional.ofNullable(best);
  }
}
