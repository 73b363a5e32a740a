package io.depthstream.core.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where KITTI raw and the KITTI depth benchmark keep a drive's files, for camera 02 (left colour),
 * relative to the drive folder ({@code <date>/<date>_drive_NNNN_sync}); the calibration sits in the
 * date folder above it ({@link KittiCalibration}). Frame files are named by their 10-digit number.
 */
public final class KittiLayout {

  /** Camera pictures, {@code NNNNNNNNNN.png}. */
  public static final String IMAGES = "image_02/data";

  /** One capture time per picture ({@link KittiTimestamps}). */
  public static final String IMAGE_TIMES = "image_02/timestamps.txt";

  /** LiDAR sweeps, {@code NNNNNNNNNN.bin}: float32 little-endian x, y, z, reflectance. */
  public static final String VELODYNE = "velodyne_points/data";

  /** One capture time per sweep. */
  public static final String VELODYNE_TIMES = "velodyne_points/timestamps.txt";

  /** The depth benchmark's sparse ground truth, 16-bit PNGs of value/256 m. */
  public static final String GROUND_TRUTH = "proj_depth/groundtruth/image_02";

  /** Exact dense depth, same encoding; only {@code synth} writes it (KITTI has none). */
  public static final String DENSE_DEPTH = "depth_dense/image_02";

  /** Floats per point in a velodyne {@code .bin}: x, y, z, reflectance. */
  public static final int VELODYNE_STRIDE = 4;

  private KittiLayout() {}

  /** KITTI's file name stem for frame {@code index}: ten digits, zero-padded. */
  public static String frameName(long index) {
    return String.format(Locale.ROOT, "%010d", index);
  }

  /**
   * True if {@code dir} is a drive that the depth benchmark annotated: pictures and ground truth.
   */
  public static boolean isAnnotatedDrive(Path dir) {
    return Files.isDirectory(dir.resolve(IMAGES)) && Files.isDirectory(dir.resolve(GROUND_TRUTH));
  }

  /** Packs points as KITTI's velodyne .bin files do: float32 little-endian, four per point. */
  public static byte[] velodyneBin(float[] points) {
    ByteBuffer buffer = ByteBuffer.allocate(points.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(points);
    return buffer.array();
  }
}
