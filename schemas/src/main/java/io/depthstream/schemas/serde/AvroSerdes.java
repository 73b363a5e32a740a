package io.depthstream.schemas.serde;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.ModelEvent;
import io.depthstream.schemas.SensorCalibration;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Kafka serdes of depthstream's topic values: Avro single-object encoding, no schema registry
 * (the 8-byte schema fingerprint in each value says which schema wrote it). Each call returns a new
 * serde; serdes are thread-safe and reading accepts the bundled older schema versions.
 */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** Values of {@code camera.frames}. */
  public static Serde<CameraFrame> cameraFrame() {
    return of(CameraFrame.class);
  }

  /** Values of {@code lidar.scans}. */
  public static Serde<GroundTruth> groundTruth() {
    return of(GroundTruth.class);
  }

  /** Values of the compacted {@code sensor.calibration} topic (null values are tombstones). */
  public static Serde<SensorCalibration> sensorCalibration() {
    return of(SensorCalibration.class);
  }

  /** Values of {@code depth.maps}. */
  public static Serde<DepthMap> depthMap() {
    return of(DepthMap.class);
  }

  /** Values of {@code depth.metrics.frames}. */
  public static Serde<FrameMetrics> frameMetrics() {
    return of(FrameMetrics.class);
  }

  /** Values of {@code depth.metrics.windows}. */
  public static Serde<MetricsWindow> metricsWindow() {
    return of(MetricsWindow.class);
  }

  /** Values of the compacted {@code depth.models.events} topic. */
  public static Serde<ModelEvent> modelEvent() {
    return of(ModelEvent.class);
  }

  /** Values of {@code depth.models.comparison}. */
  public static Serde<ModelComparison> modelComparison() {
    return of(ModelComparison.class);
  }

  /** A serde for any generated record class, reading the versions bundled in its history. */
  public static <T extends SpecificRecord> SingleObjectSerde<T> of(Class<T> type) {
    return new SingleObjectSerde<>(type, null);
  }

  /**
   * A serde that also asks {@code store} for writer schemas it does not bundle, e.g. a newer
   * compatible version published before this consumer was upgraded.
   */
  public static <T extends SpecificRecord> SingleObjectSerde<T> of(
      Class<T> type, SchemaStore store) {
    return new SingleObjectSerde<>(type, store);
  }
}
