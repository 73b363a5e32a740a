package io.depthstream.streams.views;

import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the newest closed window of each vehicle in a queryable store (what {@code GET
 * /api/vehicles/{id}/metrics} shows), keyed by vehicle id.
 */
public final class LatestVehicleWindows implements Processor<String, MetricsWindow, Void, Void> {

  private final String storeName;
  private final Duration ttl;
  private final Duration sweepInterval;
  private KeyValueStore<String, MetricsWindow> latest;

  /**
   * @param ttl a vehicle whose newest window ended longer ago than this is forgotten
   *     (depthstream.state.camera-ttl), so vehicles that come and go do not grow the store forever
   */
  public LatestVehicleWindows(String storeName, Duration ttl, Duration sweepInterval) {
    this.storeName = storeName;
    this.ttl = ttl;
    this.sweepInterval = sweepInterval;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    latest = context.getStateStore(storeName);
    context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::forgetSilentVehicles);
  }

  private void forgetSilentVehicles(long now) {
    List<String> silent = new ArrayList<>();
    try (KeyValueIterator<String, MetricsWindow> all = latest.all()) {
      all.forEachRemaining(
          entry -> {
            if (entry.value.getWindowEnd() <= now - ttl.toMillis()) {
              silent.add(entry.key);
            }
          });
    }
    silent.forEach(latest::delete);
  }

  @Override
  public void process(Record<String, MetricsWindow> record) {
    MetricsWindow window = record.value();
    if (window.getScope() != MetricsScope.VEHICLE) {
      return;
    }
    MetricsWindow known = latest.get(window.getScopeKey());
    if (known == null || known.getWindowEnd() <= window.getWindowEnd()) {
      latest.put(window.getScopeKey(), window);
    }
  }
}
