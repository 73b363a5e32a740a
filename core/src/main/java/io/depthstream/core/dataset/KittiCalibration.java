package io.depthstream.core.dataset;

import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.RigidTransform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * KITTI raw-data calibration ({@code calib_cam_to_cam.txt}, {@code calib_velo_to_cam.txt}) and the
 * {@link CameraCalibration} of one rectified colour camera (2 = left, 3 = right), both ways: read
 * for {@code publish}, the trainer and tests; written for {@code synth --layout kitti}.
 *
 * <p>KITTI projects a velodyne point X with {@code P_rect_0c · R_rect_00 · [R|T] · X}. {@code
 * P_rect_0c = [K | p]} has a fourth column p that offsets camera c from the rectified reference
 * camera 0; since {@code K·Y + p = K·(Y + K⁻¹p)}, that offset is a translation in camera c's frame,
 * so the whole chain is exactly the pinhole K after the rigid transform {@code [R_rect·R | R_rect·T
 * + K⁻¹p]} — the shape {@link CameraCalibration} holds, with depth measured in camera c's own
 * frame.
 *
 * <p>Pixel convention: KITTI's devkit and monodepth2 (whose {@code generate_depth_map} makes the
 * Eigen-split ground truth) put a projected point u on pixel {@code round(u) − 1}, i.e. pixel i
 * spans [i + ½, i + 3⁄2) in the calibration's coordinates (MATLAB's 1-based centres). Pixel i of
 * {@link io.depthstream.core.geometry.LidarProjector} spans [i, i + 1), so reading moves cx and cy
 * by −{@value #HALF_PIXEL} and writing adds it back: both put every point on the same pixel.
 */
public final class KittiCalibration {

  /** The shift between KITTI's pixel centres and depthstream's, in pixels (see above). */
  public static final double HALF_PIXEL = 0.5;

  /** KITTI's intrinsics and rectification file, in the date folder. */
  public static final String CAM_TO_CAM = "calib_cam_to_cam.txt";

  /** KITTI's LiDAR-to-camera file, in the date folder. */
  public static final String VELO_TO_CAM = "calib_velo_to_cam.txt";

  private KittiCalibration() {}

  /** Reads both files of a KITTI raw date folder for {@code camera} 2 or 3. */
  public static CameraCalibration read(Path dateFolder, int camera) {
    return read(dateFolder.resolve(CAM_TO_CAM), dateFolder.resolve(VELO_TO_CAM), camera);
  }

  /** True if {@code dir} holds KITTI's camera calibration, as a date folder does. */
  public static boolean isDateFolder(Path dir) {
    return Files.isRegularFile(dir.resolve(CAM_TO_CAM));
  }

  private static CameraCalibration read(Path camToCam, Path veloToCam, int camera) {
    return parse(
        readText(camToCam), camToCam.toString(), readText(veloToCam), veloToCam.toString(), camera);
  }

  /** Parses the two files' contents; {@code camName}/{@code veloName} appear in errors. */
  public static CameraCalibration parse(
      String camToCam, String camName, String veloToCam, String veloName, int camera) {
    if (camera < 0 || camera > 3) {
      throw new IllegalArgumentException(
          "KITTI camera must be 0..3 (2 = left colour, 3 = right colour), got " + camera);
    }
    String c = "0" + camera;
    Map<String, Entry> cam = keyValues(camToCam, camName);
    Map<String, Entry> velo = keyValues(veloToCam, veloName);
    double[] p = require(cam, camName, "P_rect_" + c, 12);
    double[] rRect = require(cam, camName, "R_rect_00", 9);
    double[] size = require(cam, camName, "S_rect_" + c, 2);
    double[] r = require(velo, veloName, "R", 9);
    double[] t = require(velo, veloName, "T", 3);

    double fx = p[0];
    double skew = p[1];
    if (Math.abs(skew) > 1e-9 * Math.abs(fx) || p[4] != 0 || p[8] != 0 || p[9] != 0 || p[10] != 1) {
      throw new IllegalArgumentException(
          camName
              + ": P_rect_"
              + c
              + " is not a rectified pinhole [fx 0 cx tx; 0 fy cy ty; 0 0 1"
              + " tz]; got "
              + java.util.Arrays.toString(p));
    }
    return fromKitti(p, rRect, r, t, (int) Math.round(size[0]), (int) Math.round(size[1]));
  }

  /**
   * The calibration from KITTI's matrices, all row-major: {@code p} the 3×4 {@code P_rect_0c},
   * {@code rRect} the 3×3 {@code R_rect_00}, {@code r} 3×3 and {@code t} 3 from the velodyne file.
   */
  public static CameraCalibration fromKitti(
      double[] p, double[] rRect, double[] r, double[] t, int width, int height) {
    double fx = p[0];
    double cx = p[2];
    double fy = p[5];
    double cy = p[6];
    // K⁻¹·p for upper-triangular K with zero skew.
    double tz = p[11];
    double ty = (p[7] - cy * tz) / fy;
    double tx = (p[3] - cx * tz) / fx;

    double[] rr = multiply3(rRect, r);
    double[] rt = {
      rRect[0] * t[0] + rRect[1] * t[1] + rRect[2] * t[2] + tx,
      rRect[3] * t[0] + rRect[4] * t[1] + rRect[5] * t[2] + ty,
      rRect[6] * t[0] + rRect[7] * t[1] + rRect[8] * t[2] + tz
    };
    double[] m = {
      rr[0], rr[1], rr[2], rt[0],
      rr[3], rr[4], rr[5], rt[1],
      rr[6], rr[7], rr[8], rt[2]
    };
    CameraIntrinsics k =
        new CameraIntrinsics(fx, fy, cx - HALF_PIXEL, cy - HALF_PIXEL, width, height);
    return new CameraCalibration(k, new RigidTransform(m));
  }

  /**
   * {@code calib_cam_to_cam.txt} for a rig of one camera, so camera 00 and camera 02 are the same:
   * rectification is the identity and P_rect_02 has no baseline term.
   */
  public static String camToCamText(CameraIntrinsics k) {
    double cx = k.cx() + HALF_PIXEL;
    double cy = k.cy() + HALF_PIXEL;
    double[] kMatrix = {k.fx(), 0, cx, 0, k.fy(), cy, 0, 0, 1};
    double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double[] projection = {k.fx(), 0, cx, 0, 0, k.fy(), cy, 0, 0, 0, 1, 0};
    double[] size = {k.width(), k.height()};
    StringBuilder out = new StringBuilder("calib_time: 01-Jan-2026 00:00:00\n");
    out.append("corner_dist: ").append(numbers(new double[] {0.0995}));
    for (String cam : new String[] {"00", "02"}) {
      out.append("S_").append(cam).append(": ").append(numbers(size));
      out.append("K_").append(cam).append(": ").append(numbers(kMatrix));
      out.append("D_").append(cam).append(": ").append(numbers(new double[5]));
      out.append("R_").append(cam).append(": ").append(numbers(identity));
      out.append("T_").append(cam).append(": ").append(numbers(new double[3]));
      out.append("S_rect_").append(cam).append(": ").append(numbers(size));
      out.append("R_rect_").append(cam).append(": ").append(numbers(identity));
      out.append("P_rect_").append(cam).append(": ").append(numbers(projection));
    }
    return out.toString();
  }

  /** {@code calib_velo_to_cam.txt} for a row-major 3×4 LiDAR→camera {@code [R|t]}. */
  public static String veloToCamText(double[] m) {
    double[] r = {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]};
    double[] t = {m[3], m[7], m[11]};
    return "calib_time: 01-Jan-2026 00:00:00\n"
        + "R: "
        + numbers(r)
        + "T: "
        + numbers(t)
        + "delta_f: "
        + numbers(new double[2])
        + "delta_c: "
        + numbers(new double[2]);
  }

  private static String numbers(double[] values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      line.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%e", values[i] + 0.0));
    }
    return line.append('\n').toString();
  }

  private static double[] multiply3(double[] a, double[] b) {
    double[] out = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        out[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
      }
    }
    return out;
  }

  /** The numbers of one "KEY: v v v" line and where it was. */
  private record Entry(double[] values, int line) {}

  /** "KEY: v v v" lines; lines whose values are not all numbers (calib_time) are left out. */
  private static Map<String, Entry> keyValues(String text, String name) {
    Map<String, Entry> out = new HashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int colon = line.indexOf(':');
      if (line.isEmpty()) {
        continue;
      }
      if (colon <= 0) {
        throw new IllegalArgumentException(
            name + " line " + (i + 1) + ": expected 'KEY: values', got '" + line + "'");
      }
      String key = line.substring(0, colon).strip();
      String[] cells = line.substring(colon + 1).strip().split("\\s+");
      double[] values = new double[cells.length];
      boolean numeric = true;
      for (int j = 0; j < cells.length && numeric; j++) {
        try {
          values[j] = Double.parseDouble(cells[j]);
        } catch (NumberFormatException e) {
          numeric = false;
        }
      }
      if (numeric) {
        out.put(key, new Entry(values, i + 1));
      }
    }
    return out;
  }

  private static double[] require(Map<String, Entry> kv, String name, String key, int count) {
    Entry e = kv.get(key);
    if (e == null) {
      throw new IllegalArgumentException(
          name + " has no numeric '" + key + ":' line; is it KITTI's raw-data calibration file?");
    }
    if (e.values().length != count) {
      throw new IllegalArgumentException(
          name
              + " line "
              + e.line()
              + ": "
              + key
              + " needs "
              + count
              + " numbers, got "
              + e.values().length);
    }
    return e.values();
  }

  private static String readText(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "KITTI calibration file "
              + file
              + " does not exist; it ships in the drive's date folder"
              + " (e.g. 2011_09_26/calib_cam_to_cam.txt)");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
