package io.depthstream.streams.groundtruth;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
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
import java.nio.ByteBuffer;

/**
 * Brings any ground truth into one form, a depth image aligned with the camera: a LiDAR point cloud
 * is projected with the camera's calibration into sparse depth at the calibration's resolution; a
 * depth image passes through after a check that it decodes. The result is a {@code DEPTH_IMAGE}
 * {@link GroundTruth}, which is what the matcher keeps in its state store.
 */
public final class GroundTruthProjection {

  private final double storageScale;
  private final ImageLimits limits;
  private final LidarProjector projector;
  private final CalibrationValidation calibrations;

  /**
   * @param storageScale metres per PNG unit for projected point clouds
   * @param limits size limits for depth PNGs
   */
  public GroundTruthProjection(double storageScale, ImageLimits limits) {
    this.storageScale = storageScale;
    this.limits = limits;
    this.calibrations = new CalibrationValidation(limits);
    this.projector = new LidarProjector(limits);
  }

  /**
   * The depth-image form of {@code scan}.
   *
   * @param calibration the camera's calibration as stored on the calibration topic, or null when
   *     none is known
   * @throws GroundTruthRejectedException with the dead-letter reason
   */
  public GroundTruth project(
      GroundTruth scan, io.depthstream.schemas.SensorCalibration calibration) {
    if (scan.getKind() == GroundTruthKind.DEPTH_IMAGE) {
      checkDepthImage(scan);
      return scan;
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
    DepthImage depth = projectPoints(scan, calibrations.validate(calibration));
    // Not newBuilder(scan): that deep-copies through the generated class's model, which resolves
    // the enum class by the thread's context class loader; under Quarkus' test and dev class
    // loaders that is a second GroundTruthKind and every scan failed with a ClassCastException.
    return GroundTruth.newBuilder()
        .setVehicleId(scan.getVehicleId())
        .setCameraId(scan.getCameraId())
        .setSequence(scan.getSequence())
        .setCaptureTime(scan.getCaptureTime())
        .setPointStride(scan.getPointStride())
        .setKind(GroundTruthKind.DEPTH_IMAGE)
        .setPoints(ByteBuffer.allocate(0))
        .setDepthPng(ByteBuffer.wrap(DepthPngCodec.encode(depth, storageScale)))
        .setDepthScale(storageScale)
        .build();
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

  private DepthImage projectPoints(GroundTruth scan, CameraCalibration calibration) {
    try {
      float[] points =
          LidarProjector.unpack(AvroBytes.toArray(scan.getPoints()), scan.getPointStride());
      return projector.project(points, scan.getPointStride(), calibration);
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
