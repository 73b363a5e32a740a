package io.depthstream.cli.publish;

import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.RigidTransform;
import io.depthstream.core.geometry.SensorCalibration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads KITTI raw's {@code calib_cam_to_cam.txt} and {@code calib_velo_to_cam.txt} into the
 * pinhole-plus-extrinsic form of the {@code sensor.calibration} topic, for camera 02 (left colour).
 *
 * <p>KITTI projects a velodyne point with {@code P_rect_02 · R_rect_00 · [R|T]}. {@code P_rect_02 =
 * K·[I|b]} with {@code K} its left 3×3 block and {@code b = K⁻¹·P[:,3]} the offset of camera 02
 * from the rectified camera 00, so the published extrinsic is {@code [I|b] · R_rect_00 · [R|T]} and
 * the intrinsics are {@code K}: the same pixels, in the topic's form.
 *
 * <p>One convention differs: the KITTI tools that make the benchmark's ground truth (devkit,
 * monodepth2's Eigen split) put a projected point u on pixel {@code round(u) − 1}, while
 * LidarProjector uses {@code floor(u)}. The principal point is moved half a pixel ({@code cx − ½},
 * {@code cy − ½}) so the service lands every point on the pixel KITTI's own ground truth has it on,
 * as the trainer's KITTI loader and {@code synth --layout kitti} do.
 */
public final class KittiCalibration {

  private KittiCalibration() {}

  /** Reads both files from {@code directory} (KITTI's date folder). */
  public static SensorCalibration read(Path directory, int fallbackWidth, int fallbackHeight) {
    Map<String, double[]> camToCam = parse(directory.resolve("calib_cam_to_cam.txt"));
    Map<String, double[]> veloToCam = parse(directory.resolve("calib_velo_to_cam.txt"));
    double[] p = require(camToCam, "P_rect_02", 12, directory.resolve("calib_cam_to_cam.txt"));
    double[] rRect = require(camToCam, "R_rect_00", 9, directory.resolve("calib_cam_to_cam.txt"));
    double[] r = require(veloToCam, "R", 9, directory.resolve("calib_velo_to_cam.txt"));
    double[] t = require(veloToCam, "T", 3, directory.resolve("calib_velo_to_cam.txt"));
    double[] size = camToCam.get("S_rect_02");
    int width = size != null && size.length == 2 ? (int) Math.round(size[0]) : fallbackWidth;
    int height = size != null && size.length == 2 ? (int) Math.round(size[1]) : fallbackHeight;
    return fromKitti(p, rRect, r, t, width, height);
  }

  /**
   * The calibration from KITTI's matrices, all row-major: {@code p} 3×4, {@code rRect} 3×3, {@code
   * r} 3×3 and {@code t} 3.
   */
  public static SensorCalibration fromKitti(
      double[] p, double[] rRect, double[] r, double[] t, int width, int height) {
    double fx = p[0];
    double cx = p[2];
    double fy = p[5];
    double cy = p[6];
    // b = K⁻¹ · P[:,3] for K = [[fx,0,cx],[0,fy,cy],[0,0,1]]
    double bz = p[11];
    double by = (p[7] - cy * bz) / fy;
    double bx = (p[3] - cx * bz) / fx;
    double[] b = {bx, by, bz};
    double[] out = new double[12];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        double sum = 0;
        for (int k = 0; k < 3; k++) {
          sum += rRect[row * 3 + k] * r[k * 3 + col];
        }
        out[row * 4 + col] = sum;
      }
      double translated = b[row];
      for (int k = 0; k < 3; k++) {
        translated += rRect[row * 3 + k] * t[k];
      }
      out[row * 4 + 3] = translated;
    }
    return new SensorCalibration(
        new CameraIntrinsics(fx, fy, cx - 0.5, cy - 0.5, width, height), new RigidTransform(out));
  }

  /** KITTI's "name: v1 v2 …" lines; lines that are not numbers (calib_time) are skipped. */
  static Map<String, double[]> parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read KITTI calibration " + file + " (it sits in the date folder above the drive)",
          e);
    }
    Map<String, double[]> values = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String[] parts = line.substring(colon + 1).trim().split("\\s+");
      try {
        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
          numbers[i] = Double.parseDouble(parts[i]);
        }
        values.put(line.substring(0, colon).trim(), numbers);
      } catch (NumberFormatException e) {
        // calib_time and other text lines carry no matrix
      }
    }
    return values;
  }

  private static double[] require(Map<String, double[]> values, String name, int count, Path file) {
    double[] v = values.get(name);
    if (v == null || v.length != count) {
      throw new IllegalArgumentException(
          file
              + ": needs "
              + name
              + " with "
              + count
              + " numbers; is this a KITTI raw calibration file?");
    }
    return v;
  }
}
