package io.depthstream.trainer.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a training sample's depth target is where the ground truth has holes (sparse LiDAR): left
 * out of the loss, or filled in first. Validation and test always score against the measured depth
 * only, whichever target training uses.
 */
public enum TrainingTarget {
  /**
   * The measured depth as it is; every loss term counts only pixels with ground truth (the default:
   * no invented depth is learned, and it costs nothing per sample).
   */
  MASKED("masked"),
  /**
   * The measured depth with its holes filled by {@link DepthColorization}, guided by the colour
   * image, as DenseDepth prepared KITTI: every pixel gets a target, so SSIM and the gradient term
   * see whole surfaces, at the price of learning the fill where no return was measured.
   */
  DENSIFIED("densified");

  private final String id;

  TrainingTarget(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The sample with its depth made into this target; {@code sample} is already fitted. */
  public DepthSample apply(DepthSample sample) {
    if (this == MASKED) {
      return sample;
    }
    var filled = DepthColorization.fill(sample.depth(), sample.rgb());
    return filled == sample.depth()
        ? sample
        : new DepthSample(sample.rgb(), filled, sample.source());
  }

  public static TrainingTarget fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (TrainingTarget t : values()) {
      if (t.id.equals(wanted)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown target '"
            + id
            + "'; choose one of "
            + Arrays.stream(values()).map(TrainingTarget::id).collect(Collectors.joining(", ")));
  }
}
