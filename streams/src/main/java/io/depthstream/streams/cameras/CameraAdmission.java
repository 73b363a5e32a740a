package io.depthstream.streams.cameras;

import io.depthstream.schemas.CameraKey;
import io.depthstream.streams.clock.CaptureTimeCheck;
import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.Refusal;
import java.time.Clock;
import java.util.Optional;

/**
 * The checks a decoded frame or scan passes before it costs anything: its key names the camera of
 * its body, its capture time is one the service clock can trust, and its camera fits in the task's
 * {@link CameraRegistry}. In that order, so that a record refused for its key or clock never takes
 * a place in the registry.
 */
public final class CameraAdmission {

  private final CaptureTimeCheck captureTime;
  private final Clock clock;

  public CameraAdmission(CaptureTimeCheck captureTime, Clock clock) {
    this.captureTime = captureTime;
    this.clock = clock;
  }

  /**
   * Empty when the record may be processed; otherwise why not.
   *
   * @param what how messages name the record ("frame v1/cam0#12")
   * @param captureMs the capture time of its body; null for records without one (calibrations)
   */
  public Optional<Refusal> check(
      String what,
      String key,
      CharSequence vehicleId,
      CharSequence cameraId,
      Long captureMs,
      CameraRegistry registry) {
    String mismatch = CameraKey.mismatch(what, key, vehicleId, cameraId);
    if (mismatch != null) {
      return Optional.of(new Refusal(DeadLetterReason.KEY_MISMATCH, mismatch));
    }
    long now = clock.millis();
    if (captureMs != null) {
      Optional<Refusal> refused = captureTime.check(what, captureMs, now);
      if (refused.isPresent()) {
        return refused;
      }
    }
    if (!registry.admit(key, now)) {
      return Optional.of(
          new Refusal(
              DeadLetterReason.TOO_MANY_KEYS,
              what
                  + " is from a new camera, but this partition already keeps state for "
                  + registry.count()
                  + " cameras (depthstream.state.max-cameras="
                  + registry.maxCameras()
                  + "); raise it, add partitions, or wait for silent cameras to expire"
                  + " (depthstream.state.camera-ttl)"));
    }
    return Optional.empty();
  }
}
