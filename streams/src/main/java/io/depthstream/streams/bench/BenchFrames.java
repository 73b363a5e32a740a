package io.depthstream.streams.bench;

import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.fleet.FrameEncoder;
import io.depthstream.schemas.ImageEncoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames every path of the pipeline benchmark runs on: a few synthetic street pictures as a
 * camera sends them (JPEG), the pictures those JPEGs decode to, one 64-beam LiDAR sweep per picture
 * (packed float32 x, y, z, intensity: Velodyne size, ~115k points, ~1.8 MB) and the calibration
 * that maps the sweeps onto the pictures. Frame {@code i} of a run is picture {@code i mod count}.
 */
record BenchFrames(
    int width,
    int height,
    List<byte[]> jpegs,
    List<RgbImage> pictures,
    List<byte[]> sweeps,
    CameraCalibration calibration) {

  /** Floats per LiDAR point in {@link #sweeps}. */
  static final int POINT_STRIDE = SyntheticFrame.LIDAR_STRIDE;

  /** The world every run renders, so runs compare. */
  private static final long WORLD_SEED = 7;

  /** Renders {@code count} street frames of {@code width × height}, one second of driving apart. */
  static BenchFrames render(int width, int height, int count) {
    SyntheticWorld world = new SyntheticWorld(SceneKind.STREET, WORLD_SEED).withParallelRows(true);
    ImageDecoder decoder = new ImageDecoder();
    List<byte[]> jpegs = new ArrayList<>();
    List<RgbImage> pictures = new ArrayList<>();
    List<byte[]> sweeps = new ArrayList<>();
    CameraCalibration calibration = null;
    for (int i = 0; i < count; i++) {
      SyntheticFrame frame = world.render(width, height, i * 10);
      byte[] jpeg = FrameEncoder.encode(frame.rgb(), ImageEncoding.JPEG);
      jpegs.add(jpeg);
      pictures.add(decoder.decode(jpeg, ImageFormat.JPEG, 0, 0));
      sweeps.add(pack(frame.lidarPoints()));
      calibration = frame.calibration();
    }
    return new BenchFrames(
        width, height, List.copyOf(jpegs), List.copyOf(pictures), List.copyOf(sweeps), calibration);
  }

  byte[] jpeg(long frame) {
    return jpegs.get((int) (frame % jpegs.size()));
  }

  byte[] sweep(long frame) {
    return sweeps.get((int) (frame % sweeps.size()));
  }

  /**
   * The frames as the service hands them to a model of {@code modelWidth × modelHeight}: decoded by
   * {@code decoder}'s {@link ImageDecoder#decodeForModel}, so at the model's size when it reduces
   * JPEGs (depthstream.image.reduce-jpeg).
   */
  List<RgbImage> picturesForModel(ImageDecoder decoder, int modelWidth, int modelHeight) {
    List<RgbImage> decoded = new ArrayList<>(jpegs.size());
    for (byte[] jpeg : jpegs) {
      decoded.add(decoder.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, modelWidth, modelHeight));
    }
    return decoded;
  }

  /** Mean JPEG size in bytes. */
  double meanJpegBytes() {
    return jpegs.stream().mapToInt(b -> b.length).average().orElse(0);
  }

  /** Mean LiDAR sweep size in bytes. */
  double meanSweepBytes() {
    return sweeps.stream().mapToInt(b -> b.length).average().orElse(0);
  }

  /** Mean points per LiDAR sweep. */
  double meanSweepPoints() {
    return meanSweepBytes() / (POINT_STRIDE * Float.BYTES);
  }

  private static byte[] pack(float[] points) {
    ByteBuffer packed = ByteBuffer.allocate(points.length * Float.BYTES);
    packed.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(points);
    return packed.array();
  }
}
