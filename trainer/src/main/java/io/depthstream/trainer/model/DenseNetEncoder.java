package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DenseNet encoder laid out exactly like Keras' {@code applications.DenseNet121/169} without
 * the classifier, with the same layer names, so ImageNet weights saved by Keras map onto it one to
 * one. Keras' explicit ZeroPadding2D layers are folded into the padding of conv1/conv (3) and pool1
 * (1); the arithmetic is the same.
 *
 * @param blocks dense layers per block (6/12/24/16 for 121, 6/12/32/32 for 169)
 * @param growth channels each dense layer adds (32 in Keras)
 * @param stemFilters filters of conv1/conv (64 in Keras)
 */
public record DenseNetEncoder(String name, int[] blocks, int growth, int stemFilters) {

  /** Keras' batch-norm epsilon for DenseNet. */
  public static final double BN_EPSILON = 1.001e-5;

  /** Skip tensors DenseDepth's decoder reads, from fine (1/2) to coarse (1/16). */
  public static final List<String> SKIPS =
      List.of("conv1/relu", "pool1", "pool2_pool", "pool3_pool");

  /** Name of the encoder's output, relu(bn) at 1/32 of the input. */
  public static final String OUTPUT = "relu";

  public static DenseNetEncoder denseNet121() {
    return new DenseNetEncoder("densenet121", new int[] {6, 12, 24, 16}, 32, 64);
  }

  public static DenseNetEncoder denseNet169() {
    return new DenseNetEncoder("densenet169", new int[] {6, 12, 32, 32}, 32, 64);
  }

  /**
   * DenseNet-BC at a quarter of DenseNet-121's depth and half its growth (blocks 3/6/12/8, growth
   * 16, 32 stem filters): the same structure and layer names, small enough to train on a CPU in an
   * hour and to run at video rate on two cores. The encoder of the default bundle.
   */
  public static DenseNetEncoder mini() {
    return new DenseNetEncoder("densenet-mini", new int[] {3, 6, 12, 8}, 16, 32);
  }

  /** A small encoder of the same shape for tests and quick experiments. */
  public static DenseNetEncoder tiny() {
    return new DenseNetEncoder("densenet-tiny", new int[] {2, 2, 2, 2}, 8, 16);
  }

  public DenseNetEncoder {
    if (blocks.length != 4) {
      throw new IllegalArgumentException(
          "DenseNet has four dense blocks, got " + Arrays.toString(blocks));
    }
    blocks = blocks.clone();
  }

  @Override
  public int[] blocks() {
    return blocks.clone();
  }

  /** Channels of the encoder output (1024 for DenseNet-121, 1664 for DenseNet-169). */
  public int outputChannels() {
    int c = stemFilters;
    for (int b = 0; b < 4; b++) {
      c += blocks[b] * growth;
      if (b < 3) {
        c /= 2;
      }
    }
    return c;
  }

  /** The encoder's layers, reading {@link Network#INPUT}. */
  public List<Layer> layers() {
    List<Layer> out = new ArrayList<>();
    out.add(new Layer.Conv("conv1/conv", Network.INPUT, stemFilters, 7, 2, 3, false));
    out.add(new Layer.BatchNorm("conv1/bn", "conv1/conv", BN_EPSILON));
    out.add(new Layer.Relu("conv1/relu", "conv1/bn"));
    out.add(new Layer.MaxPool("pool1", "conv1/relu", 3, 2, 1));
    String x = "pool1";
    int channels = stemFilters;
    for (int b = 0; b < 4; b++) {
      String stage = "conv" + (b + 2);
      for (int i = 1; i <= blocks[b]; i++) {
        x = denseLayer(out, x, stage + "_block" + i);
        channels += growth;
      }
      if (b < 3) {
        String pool = "pool" + (b + 2);
        channels /= 2;
        out.add(new Layer.BatchNorm(pool + "_bn", x, BN_EPSILON));
        out.add(new Layer.Relu(pool + "_relu", pool + "_bn"));
        out.add(new Layer.Conv(pool + "_conv", pool + "_relu", channels, 1, 1, 0, false));
        out.add(new Layer.AvgPool(pool + "_pool", pool + "_conv", 2, 2));
        x = pool + "_pool";
      }
    }
    out.add(new Layer.BatchNorm("bn", x, BN_EPSILON));
    out.add(new Layer.Relu(OUTPUT, "bn"));
    return out;
  }

  private String denseLayer(List<Layer> out, String x, String p) {
    out.add(new Layer.BatchNorm(p + "_0_bn", x, BN_EPSILON));
    out.add(new Layer.Relu(p + "_0_relu", p + "_0_bn"));
    out.add(new Layer.Conv(p + "_1_conv", p + "_0_relu", 4 * growth, 1, 1, 0, false));
    out.add(new Layer.BatchNorm(p + "_1_bn", p + "_1_conv", BN_EPSILON));
    out.add(new Layer.Relu(p + "_1_relu", p + "_1_bn"));
    out.add(new Layer.Conv(p + "_2_conv", p + "_1_relu", growth, 3, 1, 1, false));
    out.add(new Layer.Concat(p + "_concat", List.of(x, p + "_2_conv")));
    return p + "_concat";
  }

  /** The encoder alone as a network (its output is relu(bn) at 1/32). */
  public Network network() {
    return new Network(name, layers(), OUTPUT, 32);
  }
}
