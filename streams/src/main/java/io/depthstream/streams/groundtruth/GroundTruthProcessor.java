package io.depthstream.streams.groundtruth;

import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.streams.cameras.CameraAdmission;
import io.depthstream.streams.cameras.CameraRegistry;
import io.depthstream.streams.dlq.DeadLetter;
import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.DecodingFailures;
import io.depthstream.streams.dlq.Outcome;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.topics.Topic;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads {@code lidar.scans} as raw bytes, checks it with {@link CameraAdmission} (key, clock,
 * camera budget), looks up the camera's calibration in the task's calibration store (only valid
 * ones are kept there, by {@link CalibrationProcessor}) and forwards the scan in the form the
 * matcher keeps ({@link TruthDepth}: sparse depth for a point cloud, the PNG for a depth image), or
 * a dead letter (undecodable record, missing or bad calibration, non-finite points, bad depth PNG,
 * or so late that every frame it could match was already scored: {@code captureTime + horizon <=
 * stream time}).
 */
public final class GroundTruthProcessor
    implements Processor<byte[], byte[], String, Outcome<TruthDepth>> {

  private final Topic<String, GroundTruth> scans;
  private final Topic<String, SensorCalibration> calibrations;
  private final String calibrationStore;
  private final GroundTruthProjection projection;
  private final PipelineMetrics metrics;
  private final long horizonMs;
  private final CameraAdmission admission;
  private final CameraRegistry.Bounds cameras;
  private ProcessorContext<String, Outcome<TruthDepth>> context;
  private KeyValueStore<String, byte[]> calibrationsByCamera;
  private CameraRegistry registry;

  public GroundTruthProcessor(
      Topic<String, GroundTruth> scans,
      Topic<String, SensorCalibration> calibrations,
      String calibrationStore,
      GroundTruthProjection projection,
      Duration horizon,
      CameraAdmission admission,
      CameraRegistry.Bounds cameras,
      PipelineMetrics metrics) {
    this.scans = scans;
    this.calibrations = calibrations;
    this.calibrationStore = calibrationStore;
    this.projection = projection;
    this.metrics = metrics;
    this.horizonMs = horizon.toMillis();
    this.admission = admission;
    this.cameras = cameras;
  }

  @Override
  public void init(ProcessorContext<String, Outcome<TruthDepth>> context) {
    this.context = context;
    this.calibrationsByCamera = context.getStateStore(calibrationStore);
    this.registry = cameras.open(context);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.scanIn();
    String key = record.key() == null ? null : scans.decodeKey(record.key());
    Outcome<TruthDepth> outcome;
    try {
      outcome = Outcome.ok(project(key, record.value()));
      metrics.scanProjected();
    } catch (GroundTruthRejectedException e) {
      outcome =
          Outcome.failed(
              DeadLetter.of(
                  context, scans.name(), record.key(), record.value(), e.reason(), e.getMessage()));
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // An Error here is this record's own allocation or recursion failing (the rest of the heap
      // is untouched): one dead letter, not a dead stream thread.
      outcome =
          Outcome.failed(
              DeadLetter.of(
                  context,
                  scans.name(),
                  record.key(),
                  record.value(),
                  DeadLetterReason.PROCESSING_FAILED,
                  "scan " + key + ": " + e));
    }
    context.forward(record.withKey(key).withValue(outcome));
  }

  private TruthDepth project(String key, byte[] value) {
    if (key == null) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.MISSING_KEY,
          "scan on topic '" + scans.name() + "' has no key; key scans by vehicleId/cameraId");
    }
    GroundTruth scan;
    try {
      scan = scans.decodeValue(value);
    } catch (SerializationException e) {
      throw new GroundTruthRejectedException(
          DecodingFailures.reasonOf(e, value), e.getMessage(), e);
    }
    if (scan == null) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.MALFORMED, "scan " + key + " has a null value (tombstone)");
    }
    admission
        .check(
            "scan " + GroundTruthProjection.label(scan),
            key,
            scan.getVehicleId(),
            scan.getCameraId(),
            scan.getCaptureTime().toEpochMilli(),
            registry)
        .ifPresent(
            refusal -> {
              throw new GroundTruthRejectedException(refusal.reason(), refusal.message());
            });
    long streamTime = context.currentStreamTimeMs();
    if (scan.getCaptureTime().toEpochMilli() + horizonMs <= streamTime) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.LATE_GROUND_TRUTH,
          "scan "
              + GroundTruthProjection.label(scan)
              + " was captured at "
              + scan.getCaptureTime().toEpochMilli()
              + ", "
              + (streamTime - scan.getCaptureTime().toEpochMilli())
              + " ms behind stream time; every frame it could match was already scored"
              + " (raise depthstream.join.grace to wait longer for late scans)");
    }
    // Depth images are already aligned with the camera; only point clouds need the calibration.
    boolean needsCalibration = scan.getKind() == GroundTruthKind.POINT_CLOUD;
    return projection.project(scan, needsCalibration ? calibrationOf(key) : null);
  }

  private SensorCalibration calibrationOf(String key) {
    byte[] stored = calibrationsByCamera.get(key);
    if (stored == null) {
      return null;
    }
    try {
      return calibrations.decodeValue(stored);
    } catch (SerializationException e) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.BAD_CALIBRATION,
          "the calibration stored for "
              + key
              + " does not decode ("
              + e.getMessage()
              + "); publish a valid SensorCalibration for it",
          e);
    }
  }
}
