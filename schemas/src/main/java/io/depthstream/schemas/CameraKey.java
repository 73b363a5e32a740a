package io.depthstream.schemas;

/**
 * The record key of one camera, {@code vehicleId/cameraId}: frames, scans, calibrations, depth maps
 * and frame metrics of a camera all carry it, so they land on the same partition of their topics.
 * It is part of the wire protocol beside the Avro values (schemas/README.md), so producers and the
 * service build it here and nowhere else.
 */
public final class CameraKey {

  private CameraKey() {}

  /** The key of {@code vehicleId}'s camera {@code cameraId}. */
  public static String of(CharSequence vehicleId, CharSequence cameraId) {
    return vehicleId + "/" + cameraId;
  }

  /**
   * {@code vehicleId/cameraId#sequence}, how messages (dead letters, errors, logs) name one record
   * of a camera.
   */
  public static String label(CharSequence vehicleId, CharSequence cameraId, long sequence) {
    return of(vehicleId, cameraId) + "#" + sequence;
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
