package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.LidarProjector;
import io.depthstream.core.geometry.SensorCalibration;
import io.depthstream.core.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One KITTI raw drive with ground truth made from its LiDAR: each {@code
 * velodyne_points/data/<frame>.bin} (float32 x, y, z, reflectance, little-endian) is projected into
 * {@code image_0c/data/<frame>.png} with the calibration of the drive's date folder ({@code
 * calib_cam_to_cam.txt}, {@code calib_velo_to_cam.txt}), nearest point per pixel. The result is
 * sparse, as in the KITTI Eigen evaluation. Layout: {@code <date>/<drive>/...}, calibration in
 * {@code <date>/}.
 */
public final class KittiLidarDataset implements DepthDataset {

  private final Path drive;
  private final int camera;
  private final SensorCalibration calibration;
  private final List<Path> scans;
  private final LidarProjector projector = new LidarProjector();

  private KittiLidarDataset(
      Path drive, int camera, SensorCalibration calibration, List<Path> scans) {
    this.drive = drive;
    this.camera = camera;
    this.calibration = calibration;
    this.scans = scans;
  }

  /**
   * @param drive e.g. {@code 2011_09_26/2011_09_26_drive_0001_sync}
   * @param camera 2 (left colour) or 3 (right colour)
   */
  public static KittiLidarDataset open(Path drive, int camera) {
    if (camera != 2 && camera != 3) {
      throw new IllegalArgumentException(
          "KITTI colour camera must be 2 (left) or 3 (right), got " + camera);
    }
    Path date = drive.toAbsolutePath().getParent();
    SensorCalibration calibration =
        KittiCalibration.read(
            date.resolve("calib_cam_to_cam.txt"), date.resolve("calib_velo_to_cam.txt"), camera);
    Path velodyne = drive.resolve("velodyne_points").resolve("data");
    if (!Files.isDirectory(velodyne)) {
      throw new IllegalArgumentException(
          drive
              + " has no velodyne_points/data; pass a KITTI raw drive folder"
              + " (<date>/<date>_drive_NNNN_sync)");
    }
    List<Path> scans;
    try (Stream<Path> files = Files.list(velodyne)) {
      scans = files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + velodyne, e);
    }
    if (scans.isEmpty()) {
      throw new IllegalArgumentException(velodyne + " holds no .bin scans");
    }
    KittiLidarDataset dataset = new KittiLidarDataset(drive, camera, calibration, scans);
    for (Path scan : scans) {
      Path image = dataset.imageFor(scan);
      if (!Files.isRegularFile(image)) {
        throw new IllegalArgumentException("LiDAR scan " + scan + " has no colour frame " + image);
      }
    }
    return dataset;
  }

  private Path imageFor(Path scan) {
    String frame = scan.getFileName().toString().replaceFirst("\\.bin$", ".png");
    return drive.resolve("image_0" + camera).resolve("data").resolve(frame);
  }

  /** The calibration read from the date folder (image size from {@code S_rect}). */
  public SensorCalibration calibration() {
    return calibration;
  }

  @Override
  public String name() {
    return "kitti-lidar(" + drive.getFileName() + ", cam " + camera + ")";
  }

  @Override
  public int size() {
    return scans.size();
  }

  @Override
  public DepthSample sample(int index) {
    Path scan = scans.get(Objects.checkIndex(index, scans.size()));
    Path image = imageFor(scan);
    RgbImage rgb = ImageFiles.rgb(KittiDepthDataset.read(image), image.toString());
    // Raw frames of a drive can differ from S_rect by a pixel or two; project onto the real size.
    CameraIntrinsics k = calibration.intrinsics();
    SensorCalibration onImage =
        new SensorCalibration(
            new CameraIntrinsics(k.fx(), k.fy(), k.cx(), k.cy(), rgb.width(), rgb.height()),
            calibration.lidarToCamera());
    DepthImage depth = projector.project(readScan(scan), 4, onImage);
    return new DepthSample(rgb, depth, scan.toString());
  }

  /** A velodyne .bin: little-endian float32 x, y, z, reflectance per point. */
  static float[] readScan(Path scan) {
    byte[] bytes = KittiDepthDataset.read(scan);
    if (bytes.length % 16 != 0) {
      throw new IllegalArgumentException(
          scan
              + " is "
              + bytes.length
              + " bytes, not a whole number of 16-byte points"
              + " (float32 x, y, z, reflectance); is it truncated?");
    }
    float[] points = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(points);
    for (int i = 0; i < points.length; i += 4) {
      if (!Float.isFinite(points[i])
          || !Float.isFinite(points[i + 1])
          || !Float.isFinite(points[i + 2])) {
        throw new IllegalArgumentException(
            scan + ": point " + i / 4 + " is not finite; the file is corrupt");
      }
    }
    return points;
  }
}
