package io.depthstream.streams.groundtruth;

import io.depthstream.core.geometry.CalibrationCheck;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.streams.dlq.DeadLetterReason;
import java.util.List;

/**
 * A calibration record as the projector needs it: the core {@link CameraCalibration}, after {@link
 * CalibrationCheck} (finite values, positive focal lengths, an image within the image limits, an
 * orthonormal rotation). One place, used where calibrations are stored and where they are used.
 */
public final class CalibrationValidation {

  private final ImageLimits limits;

  public CalibrationValidation(ImageLimits limits) {
    this.limits = limits;
  }

  /**
   * The core calibration of {@code calibration}.
   *
   * @throws GroundTruthRejectedException {@code bad-calibration}, naming the field and the fix
   */
  public CameraCalibration validate(io.depthstream.schemas.SensorCalibration calibration) {
    List<Double> values = calibration.getLidarToCamera();
    double[] matrix = new double[values == null ? 0 : values.size()];
    for (int i = 0; i < matrix.length; i++) {
      Double v = values.get(i);
      matrix[i] = v == null ? Double.NaN : v;
    }
    try {
      return CalibrationCheck.validated(
          calibration.getFx(),
          calibration.getFy(),
          calibration.getCx(),
          calibration.getCy(),
          calibration.getWidth(),
          calibration.getHeight(),
          matrix,
          limits);
    } catch (RuntimeException e) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.BAD_CALIBRATION,
          "calibration of "
              + calibration.getVehicleId()
              + "/"
              + calibration.getCameraId()
              + " is unusable: "
              + e.getMessage()
              + "; publish a corrected SensorCalibration",
          e);
    }
  }
}
