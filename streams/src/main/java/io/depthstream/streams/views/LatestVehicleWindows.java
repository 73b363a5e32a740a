package io.depthstream.streams.views;

import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the newest closed window of each vehicle in a queryable store (what {@code GET
 * /api/vehicles/{id}/metrics} shows), keyed by vehicle id.
 */
public final class LatestVehicleWindows implements Processor<String, MetricsWindow, Void, Void> {

  private final String storeName;
  private KeyValueStore<String, MetricsWindow> latest;

  public LatestVehicleWindows(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    latest = context.getStateStore(storeName);
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
