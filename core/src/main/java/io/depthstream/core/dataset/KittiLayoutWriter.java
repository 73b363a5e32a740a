package io.depthstream.cli.synth;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.LidarProjector;
import io.depthstream.core.geometry.SensorCalibration;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.synth.SyntheticFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes frames the way KITTI raw and the KITTI depth benchmark lay them out, so existing loaders
 * (monodepth2's, the benchmark devkit's) read them unchanged. Under the root, which plays KITTI's
 * date folder:
 *
 * <pre>
 * calib_cam_to_cam.txt, calib_velo_to_cam.txt       KITTI's text format (P_rect_02, R_rect_00; R, T)
 * &lt;drive&gt;/image_02/data/%010d.png                    camera picture
 * &lt;drive&gt;/image_02/timestamps.txt, velodyne_points/timestamps.txt
 * &lt;drive&gt;/velodyne_points/data/%010d.bin            float32 little-endian x, y, z, intensity
 * &lt;drive&gt;/proj_depth/groundtruth/image_02/%010d.png sparse depth from the LiDAR, 16-bit, value/256 m
 * &lt;drive&gt;/depth_dense/image_02/%010d.png            the exact dense depth, same encoding
 * </pre>
 *
 * The synthetic rig has one camera, so camera 00 and camera 02 are the same: rectification is the
 * identity and P_rect_02 has no baseline term.
 */
final class KittiLayoutWriter {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path drive;
  private final long[] timestamps;
  private final LidarProjector projector = new LidarProjector();

  KittiLayoutWriter(Path root, String driveName, SensorCalibration calibration, int count)
      throws IOException {
    this.drive = root.resolve(driveName);
    this.timestamps = new long[count];
    for (String dir :
        new String[] {
          "image_02/data",
          "velodyne_points/data",
          "proj_depth/groundtruth/image_02",
          "depth_dense/image_02"
        }) {
      Files.createDirectories(drive.resolve(dir));
    }
    Files.writeString(
        root.resolve("calib_cam_to_cam.txt"),
        camToCam(calibration.intrinsics()),
        StandardCharsets.UTF_8);
    Files.writeString(
        root.resolve("calib_velo_to_cam.txt"),
        veloToCam(calibration.lidarToCamera().matrix3x4()),
        StandardCharsets.UTF_8);
  }

  /** Writes the frame at {@code position} (0-based within this run); safe from several threads. */
  void write(int position, SyntheticFrame frame) throws IOException {
    String name = String.format(Locale.ROOT, "%010d", frame.index());
    Files.write(drive.resolve("image_02/data/" + name + ".png"), ImageEncoder.png(frame.rgb()));
    Files.write(
        drive.resolve("velodyne_points/data/" + name + ".bin"), velodyneBin(frame.lidarPoints()));
    DepthImage sparse =
        projector.project(frame.lidarPoints(), SyntheticFrame.LIDAR_STRIDE, frame.calibration());
    Files.write(
        drive.resolve("proj_depth/groundtruth/image_02/" + name + ".png"),
        DepthPngCodec.encode(sparse, DepthPngCodec.KITTI));
    Files.write(
        drive.resolve("depth_dense/image_02/" + name + ".png"),
        DepthPngCodec.encode(frame.depth(), DepthPngCodec.KITTI));
    timestamps[position] = frame.timestampMillis();
  }

  /** Writes the timestamp files once every frame is on disk. */
  void finish() throws IOException {
    StringBuilder text = new StringBuilder();
    for (long millis : timestamps) {
      // KITTI prints nanoseconds; the clock here ticks in milliseconds
      text.append(STAMP.format(Instant.ofEpochMilli(millis))).append("000000\n");
    }
    Files.writeString(drive.resolve("image_02/timestamps.txt"), text, StandardCharsets.UTF_8);
    Files.writeString(
        drive.resolve("velodyne_points/timestamps.txt"), text, StandardCharsets.UTF_8);
  }

  /** Packs points as KITTI's velodyne .bin files do: float32 little-endian, four per point. */
  static byte[] velodyneBin(float[] points) {
    ByteBuffer buffer = ByteBuffer.allocate(points.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(points);
    return buffer.array();
  }

  static String camToCam(CameraIntrinsics k) {
    // KITTI tools (devkit, monodepth2) put a point at u on pixel round(u) - 1; depthstream puts it
    // on floor(u). Shifting the principal point by half a pixel makes both land on the same pixel.
    double cx = k.cx() + 0.5;
    double cy = k.cy() + 0.5;
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

  static String veloToCam(double[] m) {
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
}
