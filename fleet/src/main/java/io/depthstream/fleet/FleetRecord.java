package io.depthstream.fleet;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record a vehicle sends: which input topic it belongs on, its key ({@code vehicleId/cameraId},
 * so frames, scans and calibration of one camera co-partition), its record timestamp (the capture
 * time) and its Avro value.
 */
public record FleetRecord(
    FleetTopic topic, String key, long timestampMillis, SpecificRecord value) {

  public FleetRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
