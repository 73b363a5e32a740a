package io.depthstream.core.dataset;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.geometry.LidarProjector;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.synth.SyntheticFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
public final class KittiLayoutWriter {

  private final Path drive;
  private final long[] timestamps;
  private final LidarProjector projector = new LidarProjector();

  /**
   * @param root the date folder: gets both calibration files
   * @param driveName the drive folder under it
   * @param count frames this run writes
   */
  public KittiLayoutWriter(Path root, String driveName, CameraCalibration calibration, int count)
      throws IOException {
    this.drive = root.resolve(driveName);
    this.timestamps = new long[count];
    for (String dir :
        new String[] {
          KittiLayout.IMAGES,
          KittiLayout.VELODYNE,
          KittiLayout.GROUND_TRUTH,
          KittiLayout.DENSE_DEPTH
        }) {
      Files.createDirectories(drive.resolve(dir));
    }
    Files.writeString(
        root.resolve(KittiCalibration.CAM_TO_CAM),
        KittiCalibration.camToCamText(calibration.intrinsics()),
        StandardCharsets.UTF_8);
    Files.writeString(
        root.resolve(KittiCalibration.VELO_TO_CAM),
        KittiCalibration.veloToCamText(calibration.lidarToCamera().matrix3x4()),
        StandardCharsets.UTF_8);
  }

  /** Writes the frame at {@code position} (0-based within this run); safe from several threads. */
  public void write(int position, SyntheticFrame frame) throws IOException {
    String name = KittiLayout.frameName(frame.index());
    Files.write(
        drive.resolve(KittiLayout.IMAGES).resolve(name + ".png"), ImageEncoder.png(frame.rgb()));
    Files.write(
        drive.resolve(KittiLayout.VELODYNE).resolve(name + ".bin"),
        KittiLayout.velodyneBin(frame.lidarPoints()));
    DepthImage sparse =
        projector.project(frame.lidarPoints(), SyntheticFrame.LIDAR_STRIDE, frame.calibration());
    Files.write(
        drive.resolve(KittiLayout.GROUND_TRUTH).resolve(name + ".png"),
        DepthPngCodec.encode(sparse, DepthPngCodec.KITTI));
    Files.write(
        drive.resolve(KittiLayout.DENSE_DEPTH).resolve(name + ".png"),
        DepthPngCodec.encode(frame.depth(), DepthPngCodec.KITTI));
    timestamps[position] = frame.timestampMillis();
  }

  /** Writes the timestamp files once every frame is on disk. */
  public void finish() throws IOException {
    String text = KittiTimestamps.text(timestamps);
    Files.writeString(drive.resolve(KittiLayout.IMAGE_TIMES), text, StandardCharsets.UTF_8);
    Files.writeString(drive.resolve(KittiLayout.VELODYNE_TIMES), text, StandardCharsets.UTF_8);
  }
}
