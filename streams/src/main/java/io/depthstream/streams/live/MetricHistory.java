package io.depthstream.streams.live;

import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each vehicle's recent accuracy, for charts and the console: the scores of its last frames and its
 * last closed tumbling windows (hopping windows overlap and would draw each frame six times).
 * Bounded; thread-safe.
 */
public final class MetricHistory {

  private final int points;
  private final long tumblingMillis;
  private final int maxVehicles;
  private final Map<String, Deque<FramePoint>> frames = new TreeMap<>();
  private final Map<String, Deque<WindowPoint>> windows = new TreeMap<>();

  /**
   * @param points frames and windows kept per vehicle
   * @param tumblingMillis size of the tumbling windows, which tell them from the hopping ones
   * @param maxVehicles vehicles followed at all (depthstream.live-view.max-cameras); further ones
   *     are not kept
   */
  public MetricHistory(int points, long tumblingMillis, int maxVehicles) {
    if (points < 1 || maxVehicles < 1) {
      throw new IllegalArgumentException(
          "depthstream.live-view.history-points and max-cameras must be at least 1, got "
              + points
              + " and "
              + maxVehicles);
    }
    this.points = points;
    this.tumblingMillis = tumblingMillis;
    this.maxVehicles = maxVehicles;
  }

  public synchronized void record(FrameMetrics m) {
    Deque<FramePoint> vehicle = followed(frames, m.getVehicleId().toString());
    if (vehicle == null) {
      return;
    }
    append(
        vehicle,
        new FramePoint(
            m.getCaptureTime().toEpochMilli(),
            m.getSequence(),
            m.getDelta1(),
            m.getAbsRel(),
            m.getRmse()));
  }

  /** Keeps vehicle-scope tumbling windows; ignores the rest. */
  public synchronized void record(MetricsWindow w) {
    if (w.getScope() != MetricsScope.VEHICLE
        || w.getWindowEnd() - w.getWindowStart() != tumblingMillis) {
      return;
    }
    Deque<WindowPoint> vehicle = followed(windows, w.getScopeKey().toString());
    if (vehicle == null) {
      return;
    }
    append(
        vehicle,
        new WindowPoint(
            w.getWindowStart(),
            w.getWindowEnd(),
            w.getModelId(),
            w.getFrames(),
            w.getDelta1(),
            w.getAbsRel(),
            w.getRmse()));
  }

  /** The vehicle's points, or null for a new vehicle past the cap. */
  private <T> Deque<T> followed(Map<String, Deque<T>> byVehicle, String vehicleId) {
    Deque<T> points = byVehicle.get(vehicleId);
    if (points == null && byVehicle.size() < maxVehicles) {
      points = new ArrayDeque<>();
      byVehicle.put(vehicleId, points);
    }
    return points;
  }

  private <T> void append(Deque<T> deque, T point) {
    deque.addLast(point);
    while (deque.size() > points) {
      deque.removeFirst();
    }
  }

  /** The vehicle's history, oldest first; empty lists when nothing is known yet. */
  public synchronized VehicleHistory of(String vehicleId) {
    return new VehicleHistory(
        vehicleId,
        List.copyOf(frames.getOrDefault(vehicleId, new ArrayDeque<>())),
        List.copyOf(windows.getOrDefault(vehicleId, new ArrayDeque<>())));
  }

  /** Vehicles with any history, sorted. */
  public synchronized List<String> vehicles() {
    TreeMap<String, Boolean> ids = new TreeMap<>();
    frames.keySet().forEach(id -> ids.put(id, true));
    windows.keySet().forEach(id -> ids.put(id, true));
    return List.copyOf(ids.keySet());
  }

  /** The vehicle's newest closed tumbling window. */
  public synchronized Optional<WindowPoint> latestWindow(String vehicleId) {
    Deque<WindowPoint> known = windows.get(vehicleId);
    return known == null || known.isEmpty() ? Optional.empty() : Optional.of(known.peekLast());
  }

  /** One scored frame: capture time and its δ1, abs_rel and rmse (metres). */
  public record FramePoint(
      long captureTime, long sequence, double delta1, double absRel, double rmse) {}

  /** One closed tumbling window: its bounds, model, frame count and mean scores. */
  public record WindowPoint(
      long windowStart,
      long windowEnd,
      String modelId,
      long frames,
      double delta1,
      double absRel,
      double rmse) {}

  /** What {@code GET /api/vehicles/{id}/history} answers. */
  public record VehicleHistory(
      String vehicleId, List<FramePoint> frames, List<WindowPoint> windows) {}
}
