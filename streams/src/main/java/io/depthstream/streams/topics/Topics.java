package io.depthstream.streams.topics;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.ModelEvent;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.schemas.serde.AvroSerdes;
import io.depthstream.streams.config.DepthstreamConfig;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed registry of every topic the service reads or writes (docs/DESIGN.md "Topics"): names
 * come from {@code depthstream.topics.*}, keys are the {@code vehicleId/cameraId} string (or the
 * scope key for windows), values use the Avro single-object serdes. The topology and its tests name
 * topics only through this class.
 */
public record Topics(
    Topic<String, CameraFrame> frames,
    Topic<String, GroundTruth> scans,
    Topic<String, SensorCalibration> calibration,
    Topic<String, DepthMap> depthMaps,
    Topic<String, FrameMetrics> metricsFrames,
    Topic<String, MetricsWindow> metricsWindows,
    Topic<byte[], byte[]> dlq,
    Topic<String, DepthMap> depthMapsShadow,
    Topic<String, ModelEvent> modelEvents,
    Topic<String, ModelComparison> modelComparison) {

  /** The registry for the configured names. */
  public static Topics from(DepthstreamConfig.TopicNames names) {
    return new Topics(
        new Topic<>(names.frames(), Serdes.String(), AvroSerdes.cameraFrame()),
        new Topic<>(names.scans(), Serdes.String(), AvroSerdes.groundTruth()),
        new Topic<>(names.calibration(), Serdes.String(), AvroSerdes.sensorCalibration()),
        new Topic<>(names.depthMaps(), Serdes.String(), AvroSerdes.depthMap()),
        new Topic<>(names.metricsFrames(), Serdes.String(), AvroSerdes.frameMetrics()),
        new Topic<>(names.metricsWindows(), Serdes.String(), AvroSerdes.metricsWindow()),
        // The DLQ carries each failed record's original bytes, whatever they were.
        new Topic<>(names.dlq(), Serdes.ByteArray(), Serdes.ByteArray()),
        // Champion and challengers (streams/README.md).
        new Topic<>(names.depthMapsShadow(), Serdes.String(), AvroSerdes.depthMap()),
        new Topic<>(names.modelEvents(), Serdes.String(), AvroSerdes.modelEvent()),
        new Topic<>(names.modelComparison(), Serdes.String(), AvroSerdes.modelComparison()));
  }

  /** Topics the service consumes. */
  public List<String> inputs() {
    return List.of(frames.name(), scans.name(), calibration.name());
  }

  /** Topics the service produces to. */
  public List<String> outputs() {
    return List.of(
        depthMaps.name(),
        metricsFrames.name(),
        metricsWindows.name(),
        dlq.name(),
        depthMapsShadow.name(),
        modelEvents.name(),
        modelComparison.name());
  }
}
