package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.geometry.LidarProjector;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import java.util.Objects;

/**
 * Frames of the {@link SyntheticWorld}, rendered on demand: sample i is frame {@code firstFrame +
 * i} of the world's trajectory. Ground truth is either the renderer's exact dense depth (like NYU's
 * Kinect) or its LiDAR sweep projected into the image (sparse, like KITTI). Same seed, same frames,
 * so a synthetic run needs no files at all.
 *
 * <p>A test fixture: the trainer's tests train on a few frames of one world, while {@code train}
 * and {@code compare} render {@link RenderedScenes}.
 */
public final class SyntheticDataset implements DepthDataset {

  /** Which ground truth the samples carry. */
  public enum GroundTruth {
    DENSE,
    LIDAR
  }

  private final SyntheticWorld world;
  private final int width;
  private final int height;
  private final int firstFrame;
  private final int count;
  private final GroundTruth groundTruth;
  private final LidarProjector projector = new LidarProjector();

  public SyntheticDataset(
      SceneKind kind,
      long seed,
      int width,
      int height,
      int firstFrame,
      int count,
      GroundTruth groundTruth) {
    if (count <= 0 || firstFrame < 0) {
      throw new IllegalArgumentException(
          "synthetic data set needs count > 0 and firstFrame >= 0, got "
              + count
              + " from "
              + firstFrame);
    }
    this.world = new SyntheticWorld(kind, seed);
    this.width = width;
    this.height = height;
    this.firstFrame = firstFrame;
    this.count = count;
    this.groundTruth = Objects.requireNonNull(groundTruth, "groundTruth");
    world.calibration(width, height); // fails fast on a bad size
  }

  @Override
  public String name() {
    return "synth-"
        + world.kind().name().toLowerCase()
        + "(seed "
        + world.seed()
        + ", "
        + width
        + "x"
        + height
        + ", frames "
        + firstFrame
        + ".."
        + (firstFrame + count - 1)
        + (groundTruth == GroundTruth.LIDAR ? ", lidar" : "")
        + ")";
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public DepthSample sample(int index) {
    int frameIndex = firstFrame + Objects.checkIndex(index, count);
    SyntheticFrame frame = world.render(width, height, frameIndex);
    DepthImage depth =
        groundTruth == GroundTruth.DENSE
            ? frame.depth()
            : projector.project(
                frame.lidarPoints(), SyntheticFrame.LIDAR_STRIDE, frame.calibration());
    return new DepthSample(frame.rgb(), depth, name() + " frame " + frameIndex);
  }
}
