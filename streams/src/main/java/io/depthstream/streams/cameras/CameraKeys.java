package io.depthstream.streams.cameras;

/**
 * The key every input topic uses for a camera, {@code vehicleId/cameraId}: one place that builds it
 * and checks a record's key against its body.
 */
public final class CameraKeys {

  private CameraKeys() {}

  /** The key of {@code vehicleId}'s camera {@code cameraId}. */
  public static String of(CharSequence vehicleId, CharSequence cameraId) {
    return vehicleId + "/" + cameraId;
  }

  /**
   * Null when {@code key} names the camera of the body, else a message for the {@code key-mismatch}
   * dead letter: a record filed under another camera's key would be matched, scored and counted as
   * that camera's.
   */
  public static String mismatch(
      String what, String key, CharSequence vehicleId, CharSequence cameraId) {
    String expected = of(vehicleId, cameraId);
    if (expected.equals(key)) {
      return null;
    }
    return what
        + " is keyed '"
        + key
        + "' but its body names camera '"
        + expected
        + "'; key records by vehicleId/cameraId of their body";
  }
}
