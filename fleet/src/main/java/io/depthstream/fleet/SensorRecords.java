package io.depthstream.fleet;

import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.SensorCalibration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link FleetRecord}s of one camera: its calibration, its frames and its ground truth
 * (a LiDAR point cloud or an aligned depth image), keyed {@code vehicleId/cameraId} and stamped
 * with the capture time, as docs/DESIGN.md's topic table lays them out.
 */
public final class SensorRecords {

  private final String vehicleId;
  private final String cameraId;
  private final String key;

  public SensorRecords(String vehicleId, String cameraId) {
    this.vehicleId = vehicleId;
    this.cameraId = cameraId;
    this.key = CameraKey.of(vehicleId, cameraId);
  }

  public String key() {
    return key;
  }

  /** The camera's calibration, stamped {@code timestampMillis} (the first frame's time). */
  public FleetRecord calibration(
      io.depthstream.core.geometry.CameraCalibration calibration, long timestampMillis) {
    CameraIntrinsics k = calibration.intrinsics();
    List<Double> matrix = new ArrayList<>(12);
    for (double v : calibration.lidarToCamera().matrix3x4()) {
      matrix.add(v);
    }
    SensorCalibration value =
        SensorCalibration.newBuilder()
            .setVehicleId(vehicleId)
            .setCameraId(cameraId)
            .setFx(k.fx())
            .setFy(k.fy())
            .setCx(k.cx())
            .setCy(k.cy())
            .setWidth(k.width())
            .setHeight(k.height())
            .setLidarToCamera(matrix)
            .build();
    return new FleetRecord(FleetTopic.CALIBRATION, key, timestampMillis, value);
  }

  /**
   * A camera frame; {@code width} and {@code height} are required for RGB8 and may be 0 (read from
   * the header) for JPEG and PNG.
   */
  public FleetRecord frame(
      long sequence,
      long captureMillis,
      ImageEncoding encoding,
      int width,
      int height,
      byte[] data) {
    CameraFrame value =
        CameraFrame.newBuilder()
            .setVehicleId(vehicleId)
            .setCameraId(cameraId)
            .setSequence(sequence)
            .setCaptureTime(Instant.ofEpochMilli(captureMillis))
            .setEncoding(encoding)
            .setWidth(width)
            .setHeight(height)
            .setData(ByteBuffer.wrap(data))
            .build();
    return new FleetRecord(FleetTopic.FRAMES, key, captureMillis, value);
  }

  /** A LiDAR sweep: {@code stride} floats per point, packed float32 little-endian. */
  public FleetRecord pointCloud(long sequence, long captureMillis, float[] points, int stride) {
    ByteBuffer packed =
        ByteBuffer.allocate(points.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    packed.asFloatBuffer().put(points);
    return pointCloud(sequence, captureMillis, packed.array(), stride);
  }

  /** A LiDAR sweep already packed as float32 little-endian (a KITTI velodyne .bin file). */
  public FleetRecord pointCloud(long sequence, long captureMillis, byte[] packed, int stride) {
    GroundTruth value =
        GroundTruth.newBuilder()
            .setVehicleId(vehicleId)
            .setCameraId(cameraId)
            .setSequence(sequence)
            .setCaptureTime(Instant.ofEpochMilli(captureMillis))
            .setKind(GroundTruthKind.POINT_CLOUD)
            .setPointStride(stride)
            .setPoints(ByteBuffer.wrap(packed))
            .setDepthPng(ByteBuffer.allocate(0))
            .setDepthScale(0.001)
            .build();
    return new FleetRecord(FleetTopic.SCANS, key, captureMillis, value);
  }

  /** A depth image aligned with the camera: a 16-bit PNG, {@code scale} metres per unit. */
  public FleetRecord depthImage(long sequence, long captureMillis, byte[] depthPng, double scale) {
    GroundTruth value =
        GroundTruth.newBuilder()
            .setVehicleId(vehicleId)
            .setCameraId(cameraId)
            .setSequence(sequence)
            .setCaptureTime(Instant.ofEpochMilli(captureMillis))
            .setKind(GroundTruthKind.DEPTH_IMAGE)
            .setPointStride(4)
            .setPoints(ByteBuffer.allocate(0))
            .setDepthPng(ByteBuffer.wrap(depthPng))
            .setDepthScale(scale)
            .build();
    return new FleetRecord(FleetTopic.SCANS, key, captureMillis, value);
  }
}
