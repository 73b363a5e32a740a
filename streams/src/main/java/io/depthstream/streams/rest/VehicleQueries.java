package io.depthstream.streams.rest;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.RgbImage;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.serde.AvroBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the REST questions from the queryable stores: which vehicles are known, a vehicle's
 * latest metrics window, its latest depth map as a colour picture. Store suppliers throw {@link
 * StoresNotReadyException} while the stores cannot be read; unknown vehicles raise {@link
 * UnknownVehicleException}.
 */
public final class VehicleQueries {

  private final Supplier<ReadOnlyKeyValueStore<String, DepthMap>> depthMaps;
  private final Supplier<ReadOnlyKeyValueStore<String, MetricsWindow>> windows;

  public VehicleQueries(
      Supplier<ReadOnlyKeyValueStore<String, DepthMap>> depthMaps,
      Supplier<ReadOnlyKeyValueStore<String, MetricsWindow>> windows) {
    this.depthMaps = depthMaps;
    this.windows = windows;
  }

  /** Every vehicle with a depth map or a metrics window, sorted by id. */
  public List<VehicleSummary> vehicles() {
    Map<String, TreeSet<String>> cameras = new TreeMap<>();
    Map<String, Long> lastCapture = new TreeMap<>();
    try (KeyValueIterator<String, DepthMap> all = depthMaps.get().all()) {
      all.forEachRemaining(
          entry -> {
            DepthMap map = entry.value;
            cameras
                .computeIfAbsent(map.getVehicleId(), v -> new TreeSet<>())
                .add(map.getCameraId());
            lastCapture.merge(map.getVehicleId(), map.getCaptureTime().toEpochMilli(), Math::max);
          });
    }
    TreeSet<String> withMetrics = new TreeSet<>();
    try (KeyValueIterator<String, MetricsWindow> all = windows.get().all()) {
      all.forEachRemaining(entry -> withMetrics.add(entry.key));
    }
    TreeSet<String> ids = new TreeSet<>(cameras.keySet());
    ids.addAll(withMetrics);
    List<VehicleSummary> summaries = new ArrayList<>();
    for (String id : ids) {
      summaries.add(
          new VehicleSummary(
              id,
              List.copyOf(cameras.getOrDefault(id, new TreeSet<>())),
              lastCapture.get(id),
              withMetrics.contains(id)));
    }
    return summaries;
  }

  /** The newest closed tumbling window of {@code vehicleId}. */
  public MetricsWindow latestWindow(String vehicleId) {
    MetricsWindow window = windows.get().get(vehicleId);
    if (window == null) {
      throw new UnknownVehicleException(
          "no metrics window for vehicle '" + vehicleId + "' yet; see GET /api/vehicles");
    }
    return window;
  }

  /** The newest depth map of {@code vehicleId}, of one camera or of any. */
  public DepthMap latestDepthMap(String vehicleId, Optional<String> camera) {
    DepthMap newest = null;
    try (KeyValueIterator<String, DepthMap> all = depthMaps.get().all()) {
      while (all.hasNext()) {
        KeyValue<String, DepthMap> entry = all.next();
        DepthMap map = entry.value;
        boolean wanted =
            map.getVehicleId().equals(vehicleId)
                && camera.map(c -> c.equals(map.getCameraId())).orElse(true);
        if (wanted
            && (newest == null
                || map.getCaptureTime().toEpochMilli() > newest.getCaptureTime().toEpochMilli())) {
          newest = map;
        }
      }
    }
    if (newest == null) {
      throw new UnknownVehicleException(
          "no depth map for vehicle '"
              + vehicleId
              + "'"
              + camera.map(c -> " camera '" + c + "'").orElse("")
              + " yet; see GET /api/vehicles");
    }
    return newest;
  }

  /** A depth map as a colour PNG, near hot and far cold, invalid black. */
  public static byte[] colourPng(
      DepthMap map, Colormap colormap, double minDepth, double maxDepth) {
    DepthImage depth = DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale());
    return png(colormap.render(depth, minDepth, maxDepth));
  }

  static byte[] png(RgbImage rgb) {
    return ImageEncoder.png(rgb);
  }
}
