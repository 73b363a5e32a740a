package io.depthstream.streams.observability;

import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.streams.meters.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rolling accuracy as gauges: {@code depthstream.window.delta1}, {@code .abs_rel} and {@code .rmse}
 * tagged {@code scope} (vehicle, model, fleet), {@code key} and {@code model}, showing the last
 * closed window. With challengers a vehicle has one series per model, since a window never mixes
 * models and one gauge per vehicle would flip between them. The number of vehicle and model series
 * is capped (label cardinality is what a Prometheus server pays for); windows of scopes beyond the
 * cap count in {@code depthstream.window.labels.dropped} and are still published on the windows
 * topic.
 */
public final class WindowGauges {

  private final MeterRegistry registry;
  private final int maxVehicles;
  private final int maxModels;
  private final Map<String, Latest> vehicles = new ConcurrentHashMap<>();
  private final Map<String, Latest> models = new ConcurrentHashMap<>();
  private final Map<String, Latest> fleets = new ConcurrentHashMap<>();

  public WindowGauges(MeterRegistry registry, int maxVehicles, int maxModels) {
    this.registry = registry;
    this.maxVehicles = maxVehicles;
    this.maxModels = maxModels;
  }

  /** Shows {@code window} as the latest of its scope, if its scope has (or gets) a series. */
  public void record(MetricsWindow window) {
    Latest latest =
        switch (window.getScope()) {
          case VEHICLE -> slot(vehicles, maxVehicles, window);
          case MODEL -> slot(models, maxModels, window);
          case FLEET -> slot(fleets, Integer.MAX_VALUE, window);
        };
    if (latest != null) {
      latest.window = window;
    }
  }

  private Latest slot(Map<String, Latest> series, int cap, MetricsWindow window) {
    String key = window.getScopeKey() + '\u001F' + window.getModelId();
    Latest existing = series.get(key);
    if (existing != null) {
      return existing;
    }
    if (series.size() >= cap) {
      Counter.builder(MeterNames.WINDOW_LABELS_DROPPED)
          .description("Windows not shown as gauges because the label cap was reached")
          .tag("scope", scopeTag(window.getScope()))
          .register(registry)
          .increment();
      return null;
    }
    return series.computeIfAbsent(
        key, k -> register(window.getScope(), window.getScopeKey(), window.getModelId()));
  }

  private Latest register(MetricsScope scope, String key, String model) {
    Latest latest = new Latest();
    gauge(MeterNames.WINDOW_DELTA1, scope, key, model, latest, Metric.DELTA1);
    gauge(MeterNames.WINDOW_ABS_REL, scope, key, model, latest, Metric.ABS_REL);
    gauge(MeterNames.WINDOW_RMSE, scope, key, model, latest, Metric.RMSE);
    return latest;
  }

  private void gauge(
      String name, MetricsScope scope, String key, String model, Latest latest, Metric metric) {
    Gauge.builder(name, latest, l -> l.value(metric))
        .tag("scope", scopeTag(scope))
        .tag("key", key)
        .tag("model", model)
        .register(registry);
  }

  private static String scopeTag(MetricsScope scope) {
    return scope.name().toLowerCase(Locale.ROOT);
  }

  private enum Metric {
    DELTA1,
    ABS_REL,
    RMSE
  }

  /** The last window of one series; gauges read it when scraped. */
  private static final class Latest {
    private volatile MetricsWindow window;

    double value(Metric metric) {
      MetricsWindow w = window;
      if (w == null) {
        return Double.NaN;
      }
      return switch (metric) {
        case DELTA1 -> w.getDelta1();
        case ABS_REL -> w.getAbsRel();
        case RMSE -> w.getRmse();
      };
    }
  }
}
