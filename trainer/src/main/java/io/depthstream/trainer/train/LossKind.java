package io.depthstream.trainer.train;

import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.ModelConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The training losses the trainer offers, by command-line id. */
public enum LossKind {
  /** DenseDepth: 0.1·L1 + gradient-L1 + clip((1 − SSIM)/2, 0, 1). */
  DENSEDEPTH("densedepth"),
  /** Baseline (a): 0.1·L1 + clip((1 − SSIM)/2, 0, 1). */
  L1_SSIM("l1-ssim"),
  /** Baseline (b): L1. */
  L1("l1"),
  /** Eigen's scale-invariant log loss, mean(d²) − ½·mean(d)², d = ln y − ln target. */
  SILOG("silog"),
  /**
   * DenseDepth's loss plus {@link DepthLoss#SILOG_WEIGHT}·silog. DenseDepth's terms act on the
   * target {@code maxDepth/d}, which spans only 1–4 beyond a quarter of the range, so far pixels
   * barely pull; the log term weighs a relative error the same at every range (what δ1 counts).
   */
  DENSEDEPTH_SILOG("densedepth-silog"),
  /**
   * {@link #DENSEDEPTH_SILOG} plus {@link DepthLoss#METRIC_WEIGHT}·mean((d − d*)/maxDepth)², the
   * squared error in metres that rmse counts. Its pull grows with the square of the depth, so the
   * far street, which holds most of a street's rmse, drives it; a room's errors barely register.
   */
  DENSEDEPTH_SILOG_METRIC("densedepth-silog-metric"),
  /** Pixel-wise softmax cross-entropy over depth bins, for classification heads. */
  CROSS_ENTROPY("cross-entropy");

  private final String id;

  LossKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The loss a model is trained with by default: cross-entropy for bins, else its design's. */
  public static LossKind defaultFor(ModelConfig config) {
    return config.head().isClassification() ? CROSS_ENTROPY : defaultFor(config.architecture());
  }

  /** The loss each architecture's regression head was designed with. */
  public static LossKind defaultFor(Architecture architecture) {
    return switch (architecture) {
      case BASELINE_CONV -> L1_SSIM;
      case BASELINE_BN -> L1;
      default -> DENSEDEPTH;
    };
  }

  public static LossKind fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (LossKind k : values()) {
      if (k.id.equals(wanted)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown loss '"
            + id
            + "'; choose one of "
            + Arrays.stream(values()).map(LossKind::id).collect(Collectors.joining(", ")));
  }
}
