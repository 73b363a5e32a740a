package io.depthstream.streams.windows;

import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsScope;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * What one rolling window aggregates over: a scope (vehicle, model, fleet), which one, and the
 * model whose predictions were scored, since a window never mixes models. Encoded as one string,
 * the grouping key of the window aggregations (parts joined by U+001F, which ids do not contain).
 */
public record ScopeKey(MetricsScope scope, String scopeKey, String modelId) {

  private static final char SEPARATOR = '\u001F';

  /** The three windows a frame's metrics count in: its vehicle's, its model's and the fleet's. */
  public static List<KeyValue<String, FrameMetrics>> fanOut(FrameMetrics metrics, String fleetKey) {
    String model = metrics.getModelId();
    return List.of(
        KeyValue.pair(
            new ScopeKey(MetricsScope.VEHICLE, metrics.getVehicleId(), model).encode(), metrics),
        KeyValue.pair(new ScopeKey(MetricsScope.MODEL, model, model).encode(), metrics),
        KeyValue.pair(new ScopeKey(MetricsScope.FLEET, fleetKey, model).encode(), metrics));
  }

  /** The grouping-key form. */
  public String encode() {
    return scope.name() + SEPARATOR + scopeKey + SEPARATOR + modelId;
  }

  /** Reads the grouping-key form. */
  public static ScopeKey decode(String encoded) {
    String[] parts = encoded.split(String.valueOf(SEPARATOR), 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a window scope key: '" + encoded + "'");
    }
    return new ScopeKey(MetricsScope.valueOf(parts[0]), parts[1], parts[2]);
  }
}
