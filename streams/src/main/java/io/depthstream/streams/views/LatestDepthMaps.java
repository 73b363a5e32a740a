package io.depthstream.streams.views;

import io.depthstream.schemas.DepthMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the newest depth map per vehicle/camera in a queryable store (what {@code GET
 * /api/vehicles/{id}/depth.png} shows). Keyed like the input topic, so the store's partitions are
 * the topic's and no repartition is needed; an older map arriving late does not replace a newer
 * one.
 */
public final class LatestDepthMaps implements Processor<String, DepthMap, Void, Void> {

  private final String storeName;
  private KeyValueStore<String, DepthMap> latest;

  public LatestDepthMaps(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    latest = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, DepthMap> record) {
    DepthMap known = latest.get(record.key());
    if (known == null
        || known.getCaptureTime().toEpochMilli()
            <= record.value().getCaptureTime().toEpochMilli()) {
      latest.put(record.key(), record.value());
    }
  }
}
