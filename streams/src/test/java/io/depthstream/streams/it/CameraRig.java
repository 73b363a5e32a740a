package io.depthstream.streams.it;

import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.SensorCalibration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One well-behaved camera of a test vehicle, {@code vehicle/cam0}: 16×12 grey frames that the grey
 * test model reads as about 5 m, LiDAR sweeps of points 5 m straight ahead, and the calibration
 * that projects those points into the frame. Its records are scored by the service.
 */
record CameraRig(String vehicle) {

  static final String CAMERA = "cam0";
  static final int WIDTH = 16;
  static final int HEIGHT = 12;

  /** Grey level of every frame: the grey model reads 10·128/255 = 5.02 m. */
  static final int GREY = 128;

  /** Distance of every LiDAR point ahead of the sensor. */
  static final float RANGE_M = 5f;

  /** The record key of this camera: vehicle/camera. */
  String key() {
    return vehicle + "/" + CAMERA;
  }

  /** A uniform grey RGB8 frame captured at {@code captured}. */
  CameraFrame frame(long sequence, Instant captured) {
    return rgbFrame(sequence, captured, WIDTH, HEIGHT);
  }

  /** A uniform grey RGB8 frame of any size (3 bytes a pixel). */
  CameraFrame rgbFrame(long sequence, Instant captured, int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    Arrays.fill(rgb, (byte) GREY);
    return encodedFrame(sequence, captured, ImageEncoding.RGB8, width, height, rgb);
  }

  /** A frame carrying {@code data} as it is; 0×0 takes the size from the image header. */
  CameraFrame encodedFrame(
      long sequence, Instant captured, ImageEncoding encoding, int width, int height, byte[] data) {
    return CameraFrame.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId(CAMERA)
        .setSequence(sequence)
        .setCaptureTime(captured)
        .setEncoding(encoding)
        .setWidth(width)
        .setHeight(height)
        .setData(ByteBuffer.wrap(data))
        .build();
  }

  /**
   * A sweep of 15 points {@link #RANGE_M} ahead, 1 m apart across and up: with {@link
   * #calibration()} they land on pixels (4..12, 4..8) of the frame at 5 m.
   */
  GroundTruth sweep(long sequence, Instant captured) {
    float[] xyzi = new float[15 * 4];
    int i = 0;
    for (int z = -1; z <= 1; z++) {
      for (int y = -2; y <= 2; y++) {
        xyzi[i++] = RANGE_M;
        xyzi[i++] = y;
        xyzi[i++] = z;
        xyzi[i++] = 0.5f;
      }
    }
    return sweep(sequence, captured, xyzi);
  }

  /** A LiDAR point cloud of {@code xyzi} (stride 4), packed little-endian float32. */
  GroundTruth sweep(long sequence, Instant captured, float[] xyzi) {
    ByteBuffer packed = ByteBuffer.allocate(xyzi.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : xyzi) {
      packed.putFloat(v);
    }
    return GroundTruth.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId(CAMERA)
        .setSequence(sequence)
        .setCaptureTime(captured)
        .setKind(GroundTruthKind.POINT_CLOUD)
        .setPointStride(4)
        .setPoints(ByteBuffer.wrap(packed.array()))
        .setDepthPng(ByteBuffer.allocate(0))
        .setDepthScale(DepthPngCodec.MILLIMETRES)
        .build();
  }

  /**
   * The 16×12 camera with f = 10 px and centre (8, 6), its LiDAR at the same place in KITTI axes (x
   * forward, y left, z up): LiDAR point (x, y, z) is camera point (−y, −z, x).
   */
  SensorCalibration calibration() {
    return calibration(
        WIDTH, HEIGHT, 10, List.of(0.0, -1.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0));
  }

  /** A calibration of this camera with the given image size, focal length and extrinsic. */
  SensorCalibration calibration(int width, int height, double focal, List<Double> lidarToCamera) {
    return SensorCalibration.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId(CAMERA)
        .setFx(focal)
        .setFy(focal)
        .setCx(8)
        .setCy(6)
        .setWidth(width)
        .setHeight(height)
        .setLidarToCamera(lidarToCamera)
        .build();
  }
}
