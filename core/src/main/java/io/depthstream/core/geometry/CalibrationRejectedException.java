package io.depthstream.core.geometry;

/**
 * Why a camera calibration was refused: the {@link #field()} at fault, as the {@code
 * SensorCalibration} record names it ({@code fx}, {@code width x height}, {@code
 * lidarToCamera[5]}), and a message for people with the value and the fix.
 *
 * <p>An {@link IllegalArgumentException}, so callers that already turn a bad calibration's
 * illegal-argument into a dead letter keep doing so; a type of its own, so they can tell it from a
 * bad LiDAR point or an image refused by {@link io.depthstream.core.image.ImageLimits}.
 */
public final class CalibrationRejectedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public CalibrationRejectedException(String field, String message) {
    super(message);
    this.field = field;
  }

  public CalibrationRejectedException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The calibration field at fault, e.g. {@code fy} or {@code lidarToCamera}. */
  public String field() {
    return field;
  }
}
