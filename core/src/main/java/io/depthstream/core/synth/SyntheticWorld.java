package io.depthstream.core.synth;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.image.RgbImage;

/**
 * A procedurally generated place — an NYU-like room or a KITTI-like street — with a camera and a
 * LiDAR moving through it, rendered by ray casting against planes, boxes, cylinders and spheres.
 * Everything is a pure function of (kind, seed, frame index, image size): the same arguments give
 * the same bytes on any machine, whether rows render in parallel or not.
 *
 * <p>Depth is z-depth, the distance along the camera's optical axis, as RGB-D sensors and the KITTI
 * and NYU ground truth report it (not the length of the ray). Frame {@code i} is taken at {@link
 * #START_MILLIS} + i·100 ms; consecutive frames form a coherent sequence (a car driving down the
 * street, a robot walking round the room).
 *
 * <p>A world is immutable; {@link #render} may be called from several threads at once. A 640×480
 * frame with its LiDAR sweep takes a few hundred milliseconds on one core.
 */
public final class SyntheticWorld {

  /** Capture time of frame 0: 2026-01-01T00:00:00Z. */
  public static final long START_MILLIS = 1_767_225_600_000L;

  /** Time between consecutive frames (10 Hz, like KITTI). */
  public static final long FRAME_INTERVAL_MILLIS = 100;

  /** Largest image side rendered, a guard against typos like 64000x48. */
  public static final int MAX_SIDE = 8192;

  private final SceneKind kind;
  private final long seed;
  private final boolean parallelRows;
  private final boolean lidarOn;
  private final SceneLayout layout;
  private final LidarScanner lidar;

  public SyntheticWorld(SceneKind kind, long seed) {
    this(kind, seed, false, true);
  }

  private SyntheticWorld(SceneKind kind, long seed, boolean parallelRows, boolean lidarOn) {
    if (kind == null) {
      throw new IllegalArgumentException("scene kind is required: INDOOR or STREET");
    }
    this.kind = kind;
    this.seed = seed;
    this.parallelRows = parallelRows;
    this.lidarOn = lidarOn;
    this.layout = kind == SceneKind.INDOOR ? new IndoorLayout(seed) : new StreetLayout(seed);
    this.lidar = LidarScanner.velodyne64(kind.lidarRangeMetres());
  }

  /** The same world, rendering the rows of each image on the common fork-join pool. */
  public SyntheticWorld withParallelRows(boolean parallel) {
    return parallel == parallelRows ? this : new SyntheticWorld(kind, seed, parallel, lidarOn);
  }

  /**
   * The same world with the LiDAR switched on or off. A sweep casts 115,200 rays whatever the image
   * size, so callers that need only pictures and dense depth (training on small images) save most
   * of the time by switching it off; frames then carry an empty point array.
   */
  public SyntheticWorld withLidar(boolean on) {
    return on == lidarOn ? this : new SyntheticWorld(kind, seed, parallelRows, on);
  }

  public SceneKind kind() {
    return kind;
  }

  public long seed() {
    return seed;
  }

  /** Camera intrinsics for the scene's field of view and the LiDAR → camera extrinsic. */
  public CameraCalibration calibration(int width, int height) {
    checkSize(width, height);
    return new CameraCalibration(
        CameraIntrinsics.fromHorizontalFov(kind.horizontalFovDegrees(), width, height),
        layout.rig().lidarToCamera());
  }

  /** Renders frame {@code frameIndex} at {@code width × height} pixels. */
  public SyntheticFrame render(int width, int height, int frameIndex) {
    if (frameIndex < 0) {
      throw new IllegalArgumentException("frame index must be 0 or more, got " + frameIndex);
    }
    CameraCalibration calibration = calibration(width, height);
    RigPose pose = layout.poseAt(frameIndex);
    Scene scene = layout.sceneAround(pose);
    byte[] rgb = new byte[width * height * 3];
    float[] depth = new float[width * height];
    new FrameRenderer(scene, calibration.intrinsics(), pose, layout.rig(), kind.maxDepthMetres())
        .render(rgb, depth, parallelRows);
    float[] points = lidarOn ? lidar.sweep(scene, pose, layout.rig()) : new float[0];
    return new SyntheticFrame(
        new RgbImage(width, height, rgb),
        new DepthImage(width, height, depth),
        points,
        calibration,
        START_MILLIS + frameIndex * FRAME_INTERVAL_MILLIS,
        frameIndex);
  }

  private static void checkSize(int width, int height) {
    if (width < 2 || height < 2 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "image size "
              + width
              + "x"
              + height
              + " is out of range; use 2.."
              + MAX_SIDE
              + " pixels per side, e.g. 640x480");
    }
  }
}
