package io.depthstream.trainer.model;

/**
 * Everything that fixes a model's graph: architecture, decoder width, input size, and the depth
 * range its output encodes (the network predicts {@code maxDepth / depth}, see {@code
 * DepthTarget}).
 *
 * @param decoderWidth DenseDepth decoder width F, 0 for the architecture's default
 * @param maxDepth metres; depth is clipped to [maxDepth/100, maxDepth] (10 m for NYU, 80 m KITTI)
 */
public record ModelConfig(
    Architecture architecture, int decoderWidth, int height, int width, double maxDepth) {

  public ModelConfig {
    if (decoderWidth < 0) {
      throw new IllegalArgumentException("decoder width must be 0 (default) or positive");
    }
    if (!(maxDepth > 0) || Double.isInfinite(maxDepth)) {
      throw new IllegalArgumentException("max depth must be a positive number of metres");
    }
    architecture.network(decoderWidth).shapes(height, width);
  }

  /** The architecture with its default input size and decoder width. */
  public static ModelConfig defaults(Architecture architecture, double maxDepth) {
    return new ModelConfig(
        architecture, 0, architecture.defaultHeight(), architecture.defaultWidth(), maxDepth);
  }

  public Network network() {
    return architecture.network(decoderWidth);
  }

  /** Decoder width actually used (the default resolved). */
  public int effectiveDecoderWidth() {
    return decoderWidth > 0 ? decoderWidth : architecture.defaultDecoderWidth();
  }

  /** Shape of the model output for one image. */
  public TensorShape outputShape() {
    Network n = network();
    return n.shapes(height, width).get(n.output());
  }
}
