package io.depthstream.streams.cameras;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The cameras (vehicle/camera keys) one task keeps state for, with when each was last seen: the
 * bound on every store keyed by camera.
 *
 * <p>A producer nobody controls can invent a new camera id per record; without a bound each would
 * leave a latest depth map, a calibration and a registry entry behind forever. So a new camera is
 * admitted only while fewer than {@code maxCameras} are known ({@link #admit}), and a camera silent
 * for {@code ttl} is forgotten ({@link #sweep}). The count lives in the store itself, under a key
 * no camera can have, so the three processors that share the store (frames, scans, calibrations)
 * agree on it and it survives restarts through the changelog.
 */
public final class CameraRegistry {

  /**
   * Where a processor finds the task's registry and how far it may grow: one value for the three
   * processors that share it.
   *
   * @param storeName the store of last-seen times by camera key
   * @param maxCameras most distinct cameras kept (depthstream.state.max-cameras)
   * @param ttl how long a silent camera is remembered (depthstream.state.camera-ttl)
   */
  public record Bounds(String storeName, int maxCameras, Duration ttl) {

    /** The registry of the task {@code context} belongs to. */
    public CameraRegistry open(ProcessingContext context) {
      return new CameraRegistry(context.getStateStore(storeName), maxCameras, ttl.toMillis());
    }
  }

  /** Where the count is kept: camera keys always contain a '/', this one does not. */
  static final String COUNT_KEY = "#count";

  private final KeyValueStore<String, Long> seen;
  private final int maxCameras;
  private final long ttlMs;
  private final long refreshMs;

  /**
   * @param seen the store of last-seen times (epoch ms) by camera key
   * @param maxCameras most distinct cameras kept (depthstream.state.max-cameras)
   * @param ttlMs how long a silent camera is remembered (depthstream.state.camera-ttl)
   */
  public CameraRegistry(KeyValueStore<String, Long> seen, int maxCameras, long ttlMs) {
    if (maxCameras <= 0 || ttlMs <= 0) {
      throw new IllegalArgumentException(
          "depthstream.state.max-cameras and camera-ttl must be positive, got "
              + maxCameras
              + " and "
              + ttlMs
              + " ms");
    }
    this.seen = seen;
    this.maxCameras = maxCameras;
    this.ttlMs = ttlMs;
    // Last-seen times need not be exact to the millisecond: refreshing them at most every 1/20 of
    // the TTL keeps one changelog write per camera per refresh instead of one per frame.
    this.refreshMs = Math.max(1, ttlMs / 20);
  }

  /**
   * Records that {@code camera} was seen at {@code nowMs}; false when it is new and the registry is
   * full (the record becomes a {@code too-many-keys} dead letter and leaves no state behind).
   */
  public boolean admit(String camera, long nowMs) {
    Long last = seen.get(camera);
    if (last != null) {
      if (nowMs - last >= refreshMs) {
        seen.put(camera, nowMs);
      }
      return true;
    }
    long count = count();
    if (count >= maxCameras) {
      return false;
    }
    seen.put(camera, nowMs);
    seen.put(COUNT_KEY, count + 1);
    return true;
  }

  /** Forgets every camera not seen since {@code nowMs - ttl}; returns them, for other stores. */
  public List<String> sweep(long nowMs) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Long> all = seen.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> entry = all.next();
        if (!COUNT_KEY.equals(entry.key) && entry.value <= nowMs - ttlMs) {
          expired.add(entry.key);
        }
      }
    }
    for (String camera : expired) {
      seen.delete(camera);
    }
    if (!expired.isEmpty()) {
      seen.put(COUNT_KEY, Math.max(0, count() - expired.size()));
    }
    return expired;
  }

  /** How many cameras are known. */
  public long count() {
    Long count = seen.get(COUNT_KEY);
    return count == null ? 0 : count;
  }

  /** The configured cap, for messages. */
  public int maxCameras() {
    return maxCameras;
  }
}
