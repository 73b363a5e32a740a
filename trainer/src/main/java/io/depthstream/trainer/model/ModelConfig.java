package io.depthstream.trainer.model;

import io.depthstream.core.depth.DepthBins;
import java.util.Objects;

/**
 * Everything that fixes a model's graph: architecture, decoder width, input size, the depth range
 * its output encodes, and its head: regression (the network predicts {@code maxDepth / depth}, see
 * {@code DepthTarget}) or K-bin classification over [maxDepth/100, maxDepth].
 *
 * @param decoderWidth DenseDepth decoder width F, 0 for the architecture's default
 * @param maxDepth metres; depth is clipped to [maxDepth/100, maxDepth] (10 m for NYU, 80 m KITTI)
 * @param refineWidth channels of DenseDepth's full-resolution refinement stage, 0 for none (the
 *     paper's half-resolution output; see {@link DenseDepthDecoder})
 */
public record ModelConfig(
    Architecture architecture,
    int decoderWidth,
    int height,
    int width,
    double maxDepth,
    DepthHead head,
    int refineWidth) {

  /** Ratio of the largest to the smallest depth a model represents (as {@code DepthTarget}). */
  public static final double DEPTH_RATIO = 100.0;

  /** A regression model. */
  public ModelConfig(
      Architecture architecture, int decoderWidth, int height, int width, double maxDepth) {
    this(architecture, decoderWidth, height, width, maxDepth, DepthHead.regression());
  }

  /** A model without a refinement stage. */
  public ModelConfig(
      Architecture architecture,
      int decoderWidth,
      int height,
      int width,
      double maxDepth,
      DepthHead head) {
    this(architecture, decoderWidth, height, width, maxDepth, head, 0);
  }

  public ModelConfig {
    Objects.requireNonNull(head, "head");
    if (decoderWidth < 0) {
      throw new IllegalArgumentException("decoder width must be 0 (default) or positive");
    }
    if (!(maxDepth > 0) || Double.isInfinite(maxDepth)) {
      throw new IllegalArgumentException("max depth must be a positive number of metres");
    }
    architecture.network(decoderWidth, head, refineWidth).shapes(height, width);
  }

  /** The architecture with its default input size and decoder width. */
  public static ModelConfig defaults(Architecture architecture, double maxDepth) {
    return new ModelConfig(
        architecture, 0, architecture.defaultHeight(), architecture.defaultWidth(), maxDepth);
  }

  public Network network() {
    return architecture.network(decoderWidth, head, refineWidth);
  }

  /** The same model without its refinement stage: what it computes at half resolution. */
  public ModelConfig withoutRefinement() {
    return new ModelConfig(architecture, decoderWidth, height, width, maxDepth, head, 0);
  }

  /**
   * Identifies the model in file, bundle and report names: the architecture id, with the head where
   * it is not regression ({@code densedepth-169-sid71}), and always for DeepLab, whose default head
   * is classification ({@code deeplab-resnet101-regression}).
   */
  public String id() {
    boolean named = head.isClassification() || architecture.resNet() != null;
    return named ? architecture.id() + "-" + head.id() : architecture.id();
  }

  /** Smallest depth the model represents, metres: maxDepth/100 (the regression's range). */
  public double minDepth() {
    return maxDepth / DEPTH_RATIO;
  }

  /** The bins of a classification head: K bins over [{@link #minDepth}, maxDepth]. */
  public DepthBins bins() {
    return head.depthBins(minDepth(), maxDepth);
  }

  /** Decoder width actually used (the default resolved). */
  public int effectiveDecoderWidth() {
    return decoderWidth > 0 ? decoderWidth : architecture.defaultDecoderWidth();
  }

  /**
   * Input pixels per pixel of the depth a training batch carries, along each axis: 1 when the
   * output is at the full input resolution (the refinement stage), else 2, DenseDepth's
   * half-resolution depth (which a model with a coarser output pools further).
   */
  public int trainingDepthDivisor() {
    return outputShape().width() == width ? 1 : 2;
  }

  /** Shape of the model output for one image. */
  public TensorShape outputShape() {
    Network n = network();
    return n.shapes(height, width).get(n.output());
  }
}
