package io.depthstream.streams.groundtruth;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.geometry.CalibrationRejectedException;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.geometry.LidarProjector;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.dlq.DeadLetterReason;

/**
 * Brings any ground truth into the form the matcher keeps and scores against ({@link TruthDepth}):
 * a LiDAR point cloud is projected with the camera's calibration straight into sparse depth at the
 * calibration's resolution, rounded to the ground-truth scale (no PNG is written for it); a depth
 * image is checked to decode and then kept as the producer's PNG bytes.
 */
public final class GroundTruthProjection {

  private final double storageScale;
  private final ImageLimits limits;
  private final LidarProjector projector;
  private final CalibrationValidation calibrations;

  /**
   * @param storageScale metres per unit projected point clouds are rounded to and stored in
   * @param limits size limits for depth PNGs
   */
  public GroundTruthProjection(double storageScale, ImageLimits limits) {
    this.storageScale = storageScale;
    this.limits = limits;
    this.calibrations = new CalibrationValidation(limits);
    this.projector = new LidarProjector(limits);
  }

  /**
   * The form of {@code scan} the matcher keeps.
   *
   * @param calibration the camera's calibration as stored on the calibration topic, or null when
   *     none is known
   * @throws GroundTruthRejectedException with the dead-letter reason
   */
  public TruthDepth project(
      GroundTruth scan, io.depthstream.schemas.SensorCalibration calibration) {
    long captureTime = scan.getCaptureTime().toEpochMilli();
    if (scan.getKind() == GroundTruthKind.DEPTH_IMAGE) {
      checkDepthImage(scan);
      return new TruthDepth.DepthPng(
          captureTime, AvroBytes.toArray(scan.getDepthPng()), scan.getDepthScale());
    }
    if (calibration == null) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.MISSING_CALIBRATION,
          "scan "
              + label(scan)
              + " is a point cloud but no calibration is known for "
              + scan.getVehicleId()
              + "/"
              + scan.getCameraId()
              + "; publish its SensorCalibration to the calibration topic first");
    }
    SparseDepth depth = projectPoints(scan, calibrations.validate(calibration));
    return TruthDepth.Sparse.rounded(captureTime, depth, storageScale);
  }

  /** The depth image of a ground truth already in depth-image form. */
  public DepthImage depthOf(GroundTruth truth) {
    return DepthPngCodec.decode(
        AvroBytes.toArray(truth.getDepthPng()), truth.getDepthScale(), limits);
  }

  private void checkDepthImage(GroundTruth scan) {
    if (!(scan.getDepthScale() > 0) || !Double.isFinite(scan.getDepthScale())) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.INVALID_GROUND_TRUTH,
          "scan "
              + label(scan)
              + " has depthScale "
              + scan.getDepthScale()
              + "; it must be positive metres per unit (0.001 or 0.00390625)");
    }
    try {
      depthOf(scan);
    } catch (ImageRejectedException | IllegalArgumentException e) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.INVALID_GROUND_TRUTH,
          "scan " + label(scan) + ": depth image unusable: " + e.getMessage(),
          e);
    }
  }

  private SparseDepth projectPoints(GroundTruth scan, CameraCalibration calibration) {
    try {
      float[] points =
          LidarProjector.unpack(AvroBytes.toArray(scan.getPoints()), scan.getPointStride());
      return projector.projectSparse(points, scan.getPointStride(), calibration);
    } catch (CalibrationRejectedException e) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.BAD_CALIBRATION,
          "scan " + label(scan) + ": " + e.getMessage() + "; publish a corrected SensorCalibration",
          e);
    } catch (IllegalArgumentException e) {
      throw new GroundTruthRejectedException(
          DeadLetterReason.INVALID_POINTS,
          "scan "
              + label(scan)
              + ": "
              + e.getMessage()
              + "; send finite x,y,z as packed"
              + " little-endian float32",
          e);
    }
  }

  /** "vehicle/camera#sequence", how messages name a scan. */
  public static String label(GroundTruth scan) {
    return CameraKey.label(scan.getVehicleId(), scan.getCameraId(), scan.getSequence());
  }
}
