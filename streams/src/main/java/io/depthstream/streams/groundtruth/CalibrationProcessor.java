package io.depthstream.streams.groundtruth;

import io.depthstream.schemas.SensorCalibration;
import io.depthstream.streams.cameras.CameraAdmission;
import io.depthstream.streams.cameras.CameraRegistry;
import io.depthstream.streams.dlq.DeadLetter;
import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.DecodingFailures;
import io.depthstream.streams.dlq.Refusal;
import io.depthstream.streams.topics.Topic;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads {@code sensor.calibration} as raw bytes and keeps each camera's latest VALID calibration in
 * the task's calibration store; everything else becomes a dead letter and leaves the camera's
 * previous good calibration in force.
 *
 * <p>Why a task store and not a global table: a global store cannot dead-letter what it refuses,
 * and one calibration claiming a 40000×40000 image used to reach the projector through it and stop
 * the service on every restart. Calibrations are keyed by vehicle/camera like scans and frames, on
 * topics of equal partition counts (the provisioner creates them so), so each camera's calibration
 * lands in the task that projects its scans. A tombstone deletes the camera's calibration.
 */
public final class CalibrationProcessor implements Processor<byte[], byte[], String, DeadLetter> {

  private final Topic<String, SensorCalibration> calibrations;
  private final String storeName;
  private final CalibrationValidation validation;
  private final CameraAdmission admission;
  private final CameraRegistry.Bounds cameras;
  private ProcessorContext<String, DeadLetter> context;
  private KeyValueStore<String, byte[]> store;
  private CameraRegistry registry;

  public CalibrationProcessor(
      Topic<String, SensorCalibration> calibrations,
      String storeName,
      CalibrationValidation validation,
      CameraAdmission admission,
      CameraRegistry.Bounds cameras) {
    this.calibrations = calibrations;
    this.storeName = storeName;
    this.validation = validation;
    this.admission = admission;
    this.cameras = cameras;
  }

  @Override
  public void init(ProcessorContext<String, DeadLetter> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.registry = cameras.open(context);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String key = record.key() == null ? null : calibrations.decodeKey(record.key());
    Optional<Refusal> refusal;
    try {
      refusal = keep(key, record.value());
    } catch (RuntimeException e) {
      refusal =
          Optional.of(
              new Refusal(DeadLetterReason.PROCESSING_FAILED, "calibration " + key + ": " + e));
    }
    refusal.ifPresent(
        r ->
            context.forward(
                record
                    .withKey(key)
                    .withValue(
                        DeadLetter.of(
                            context,
                            calibrations.name(),
                            record.key(),
                            record.value(),
                            r.reason(),
                            r.message()))));
  }

  private Optional<Refusal> keep(String key, byte[] value) {
    if (key == null) {
      return Optional.of(
          new Refusal(
              DeadLetterReason.MISSING_KEY,
              "calibration on topic '"
                  + calibrations.name()
                  + "' has no key; key calibrations by vehicleId/cameraId"));
    }
    if (value == null) {
      store.delete(key);
      return Optional.empty();
    }
    SensorCalibration calibration;
    try {
      calibration = calibrations.decodeValue(value);
    } catch (SerializationException e) {
      return Optional.of(new Refusal(DecodingFailures.reasonOf(e, value), e.getMessage()));
    }
    String what = "calibration " + key;
    Optional<Refusal> refused =
        admission.check(
            what, key, calibration.getVehicleId(), calibration.getCameraId(), null, registry);
    if (refused.isPresent()) {
      return refused;
    }
    try {
      validation.validate(calibration);
    } catch (GroundTruthRejectedException e) {
      return Optional.of(
          new Refusal(
              e.reason(),
              e.getMessage() + "; the previous calibration of " + key + " stays in force"));
    }
    store.put(key, value);
    return Optional.empty();
  }
}
