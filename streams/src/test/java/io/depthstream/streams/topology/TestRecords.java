package io.depthstream.streams.topology;

import io.depthstream.core.depth.DepthImage;
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

/** Frames, scans and calibrations for topology tests, with values a test can compute by hand. */
final class TestRecords {

  static final String VEHICLE = "v7";
  static final String CAMERA = "cam0";
  static final int WIDTH = 16;
  static final int HEIGHT = 12;

  private TestRecords() {}

  /**
   * The grey model's prediction for grey level {@code level}: 10·level/255 m, as published (mm).
   */
  static double predicted(int level) {
    double metres = 10.0 * level / 255;
    return Math.round(metres / DepthPngCodec.MILLIMETRES) * DepthPngCodec.MILLIMETRES;
  }

  /** A uniform grey RGB8 frame. */
  static CameraFrame greyFrame(long sequence, long timeMs, int level) {
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    Arrays.fill(rgb, (byte) level);
    return frame(sequence, timeMs, ImageEncoding.RGB8, WIDTH, HEIGHT, rgb);
  }

  /** A uniform grey RGB8 frame of another vehicle or camera. */
  static CameraFrame greyFrame(
      String vehicle, String camera, long sequence, long timeMs, int level) {
    return CameraFrame.newBuilder(greyFrame(sequence, timeMs, level))
        .setVehicleId(vehicle)
        .setCameraId(camera)
        .build();
  }

  static CameraFrame frame(
      long sequence, long timeMs, ImageEncoding encoding, int width, int height, byte[] data) {
    return CameraFrame.newBuilder()
        .setVehicleId(VEHICLE)
        .setCameraId(CAMERA)
        .setSequence(sequence)
        .setCaptureTime(Instant.ofEpochMilli(timeMs))
        .setEncoding(encoding)
        .setWidth(width)
        .setHeight(height)
        .setData(ByteBuffer.wrap(data))
        .build();
  }

  /** A depth-image ground truth of uniform {@code metres} at the frame's size, in millimetres. */
  static GroundTruth uniformTruth(long sequence, long timeMs, double metres) {
    float[] depth = new float[WIDTH * HEIGHT];
    Arrays.fill(depth, (float) metres);
    byte[] png =
        DepthPngCodec.encode(new DepthImage(WIDTH, HEIGHT, depth), DepthPngCodec.MILLIMETRES);
    return GroundTruth.newBuilder()
        .setVehicleId(VEHICLE)
        .setCameraId(CAMERA)
        .setSequence(sequence)
        .setCaptureTime(Instant.ofEpochMilli(timeMs))
        .setKind(GroundTruthKind.DEPTH_IMAGE)
        .setPointStride(4)
        .setPoints(ByteBuffer.allocate(0))
        .setDepthPng(ByteBuffer.wrap(png))
        .setDepthScale(DepthPngCodec.MILLIMETRES)
        .build();
  }

  /** A LiDAR point cloud (stride 4), packed little-endian. */
  static GroundTruth pointCloud(long sequence, long timeMs, float... xyzi) {
    ByteBuffer packed = ByteBuffer.allocate(xyzi.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : xyzi) {
      packed.putFloat(v);
    }
    return GroundTruth.newBuilder()
        .setVehicleId(VEHICLE)
        .setCameraId(CAMERA)
        .setSequence(sequence)
        .setCaptureTime(Instant.ofEpochMilli(timeMs))
        .setKind(GroundTruthKind.POINT_CLOUD)
        .setPointStride(4)
        .setPoints(ByteBuffer.wrap(packed.array()))
        .setDepthPng(ByteBuffer.allocate(0))
        .setDepthScale(DepthPngCodec.MILLIMETRES)
        .build();
  }

  /**
   * A 16×12 camera with f = 10 px and centre (8, 6), its LiDAR at the same place in KITTI axes (x
   * forward, y left, z up): LiDAR point (x, y, z) is camera point (−y, −z, x).
   */
  static SensorCalibration calibration() {
    return SensorCalibration.newBuilder()
        .setVehicleId(VEHICLE)
        .setCameraId(CAMERA)
        .setFx(10)
        .setFy(10)
        .setCx(8)
        .setCy(6)
        .setWidth(WIDTH)
        .setHeight(HEIGHT)
        .setLidarToCamera(List.of(0.0, -1.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0))
        .build();
  }
}
